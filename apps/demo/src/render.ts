import { isDiffusion, samplingObjective } from './model';
import { drawLoss, drawPlot, drawTrajectories } from './plots';
import { precisionLine } from './precision';
import { defaultMethod, methodChoices } from './sampling';
import type { DemoState } from './state';
import { smoothedLoss, trainInfo } from './training';
import type { Ui } from './ui';

/**
 * Draws the state into the page: texts, the Method select's options, the buttons, the scatter plot (or the current
 * trajectory frame) and the loss plot. It reads the state only; form fields other than the Objective and Method
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
  ])
    control.disabled = state.busy;
  ui.stop.disabled = !state.training;
  const { trajectories } = state;
  if (trajectories !== null && trajectories.shown > 0)
    drawTrajectories(ui.plot, state, trajectories.frames, trajectories.shown - 1);
  else drawPlot(ui.plot, state);
  drawLoss(ui.loss, state.losses);
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
