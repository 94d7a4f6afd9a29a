import { drawImageGrid, drawImageTrajectory } from './image-plots';
import { gridInfo, imagesDataInfo } from './image-sampling';
import { isDiffusion, samplingObjective } from './model';
import { drawLoss, drawPlot, drawTrajectories } from './plots';
import { precisionLine } from './precision';
import { defaultMethod, methodChoices } from './sampling';
import type { DemoState } from './state';
import { smoothedLoss, trainInfo } from './training';
import type { Ui } from './ui';

/**
 * Draws the state into the page: the mode's half of the page, texts, the Method select's options, the buttons, and in
 * the points mode the scatter plot (or the current trajectory frame) and the loss plot, in the images mode the sample
 * grid, the trajectory strip and the loss plot. It reads the state only; form fields other than the Objective and Method
 * selects are the user's.
 *
 * @param ui - The page's elements.
 * @param state - The demo's state.
 * @example
 * ```ts
 * render(ui, state);
 * ```
 */
export function render(ui: Ui, state: DemoState): void {
  const images = state.mode === 'images';
  ui.mode.value = state.mode;
  ui.pointsMode.hidden = images;
  ui.pointsPlots.hidden = images;
  ui.imagesMode.hidden = !images;
  ui.imagesPlots.hidden = !images;
  ui.status.textContent = state.status;
  ui.status.className = state.error === null ? '' : 'error';
  ui.backendActive.textContent = state.backend === '' ? '…' : state.backend;
  if (state.backend !== '') {
    ui.backend.value = state.backend;
    ui.precision.textContent = precisionLine(state.precision);
  }
  ui.dataInfo.textContent = state.dataInfo;
  renderDrawing(ui, state);
  ui.objective.value = state.objective;
  renderMethods(ui, isDiffusion(samplingObjective(state)));
  ui.trainInfo.textContent = trainInfo(state);
  ui.trainInfo.dataset.step = String(state.step);
  ui.trainInfo.dataset.loss = String(smoothedLoss(state.losses));
  ui.sampleInfo.textContent = state.sampleInfo;
  ui.sampleInfo.dataset.frames = String(state.trajectories?.shown ?? 0);
  ui.toleranceInfo.textContent = state.toleranceNote;
  ui.toleranceInfo.dataset.clamped = String(state.toleranceNote !== '');
  for (const control of [
    ui.drawClear,
    ui.train,
    ui.reset,
    ui.sample,
    ui.density,
    ui.save,
    ui.load,
    ui.animate,
    ui.download,
    ui.downloadSafetensors,
    ui.upload,
    ui.backend,
    ui.mode,
    ui.imgTrain,
    ui.imgReset,
    ui.imgSample,
    ui.imgAnimate,
  ])
    control.disabled = state.busy;
  ui.stop.disabled = !state.training;
  ui.imgStop.disabled = !state.training;
  if (images) {
    renderImages(ui, state);
    return;
  }
  const { trajectories } = state;
  if (trajectories !== null && trajectories.shown > 0)
    drawTrajectories(ui.plot, state, trajectories.frames, trajectories.shown - 1);
  else drawPlot(ui.plot, state);
  drawLoss(ui.loss, state.losses);
}

/** The images mode: its texts, the sample grid, the trajectory strip and the loss plot. */
function renderImages(ui: Ui, { images }: DemoState): void {
  ui.imgDataInfo.textContent = imagesDataInfo(images);
  ui.imgTrainInfo.textContent = trainInfo(images);
  ui.imgTrainInfo.dataset.step = String(images.step);
  ui.imgTrainInfo.dataset.loss = String(smoothedLoss(images.losses));
  ui.imgSampleInfo.textContent = images.grid === null ? '' : gridInfo(images.grid);
  ui.imgSampleInfo.dataset.accuracy = String(images.grid?.accuracy ?? '');
  if (images.grid !== null) drawImageGrid(ui.imgGrid, images.grid);
  else ui.imgGrid.getContext('2d')?.clearRect(0, 0, ui.imgGrid.width, ui.imgGrid.height);
  if (images.trajectory !== null) drawImageTrajectory(ui.imgFrames, images.trajectory);
  else ui.imgFrames.getContext('2d')?.clearRect(0, 0, ui.imgFrames.width, ui.imgFrames.height);
  drawLoss(ui.imgLoss, images.losses);
}

/** The draw controls and the plot's drawing cursor. */
function renderDrawing(ui: Ui, { drawing }: DemoState): void {
  ui.drawControls.hidden = !drawing.active;
  ui.plot.classList.toggle('drawing', drawing.active);
  ui.drawCount.textContent = `${drawing.points.length} points`;
  ui.drawCount.dataset.count = String(drawing.points.length);
}

/** Refills the Method select when the model kind changes, selecting that kind's default. */
function renderMethods(ui: Ui, diffusion: boolean): void {
  const family = diffusion ? 'diffusion' : 'flow';
  if (ui.method.dataset.family === family) return;
  ui.method.dataset.family = family;
  ui.method.replaceChildren(...methodChoices(diffusion).map(({ value, label }) => new Option(label, value)));
  ui.method.value = defaultMethod(diffusion);
}
