import { BackendUnavailableError } from '@gen/core';
import { modelToSafetensors, TOY_DATASET_NAMES, type ToyDatasetName, toyDataset, UNET_DEFAULTS } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { activateBackend } from './backend';
import { discardWebglBackend, watchWebglContext, webglContextLost } from './context-loss';
import { csvDataset, dataChanges } from './data';
import { densityGrid } from './density';
import { DRAW_OPTION, drawingChanges, extendStroke, startStroke } from './drawing';
import { enterImagesMode, gridChanges, trajectoryChanges, withImages, withoutImageModel } from './image-actions';
import { newImageModel } from './image-model';
import { imageMethodChoices, imageTrajectory, sampleImageGrid } from './image-sampling';
import { parseImageSamplingSettings, parseImageTrainingSettings } from './image-settings';
import { newModel, objectiveChanged, refitAdam, withoutModel } from './model';
import { OBJECTIVE_CHOICES } from './objective-choices';
import { contextLostError, FALLBACK_BACKEND, recoveredState } from './recovery';
import { render } from './render';
import { drawSamples } from './sampling';
import { parseSamplingSettings, parseTrainingSettings, selectedObjective } from './settings';
import { takeSnapshot } from './snapshot';
import {
  type DemoHook,
  type DemoState,
  hookView,
  initialState,
  type TrainedImageModel,
  type TrainedModel,
} from './state';
import {
  installModel,
  type LoadedModel,
  loadSafetensors,
  loadTrainedModel,
  pickModelFiles,
  STORE_URL,
  saveTrainedModel,
} from './storage';
import { trainChunk } from './training';
import { TRAJ_POINTS, trajectoryFrames } from './trajectories';
import {
  canvasPixel,
  findUi,
  offerDownload,
  readControls,
  readImageControls,
  showGuidance,
  showModelShape,
} from './ui';
import { useBundledWasmBinaries } from './wasm-binaries';

declare global {
  interface Window {
    /** The demo's state as plain values, read-only (for the browser tests and the console): see `hookView`. */
    readonly __demo: DemoHook;
  }
}

/** The backends tried at start-up, fastest first. */
const STARTUP_BACKENDS = ['webgl', 'wasm', 'cpu'] as const;

/**
 * How long recovery waits for a running webgl action to end: an asynchronous read on a lost context (sampling,
 * saving) never resolves, so after this the action is abandoned.
 */
const ABANDON_AFTER_MS = 3000;

const ui = findUi(document);
let state: DemoState = initialState();
Object.defineProperty(window, '__demo', { get: () => hookView(state) });

/**
 * Merges changes into the state and renders it. A change that replaces a model (`model`, `images.model`) disposes
 * the old one's tensors; a new status clears the error unless the change sets one.
 */
function commit(changes: Partial<DemoState>): void {
  const old = state.model;
  if ('model' in changes && old !== undefined) {
    if (changes.model?.field !== old.field) old.field.dispose();
    if (changes.model?.adam !== old.adam) old.adam.dispose();
  }
  const oldImages = state.images.model;
  if (changes.images !== undefined && oldImages !== undefined) {
    if (changes.images.model?.field !== oldImages.field) oldImages.field.dispose();
    if (changes.images.model?.adam !== oldImages.adam) oldImages.adam.dispose();
  }
  const error = 'error' in changes ? (changes.error ?? null) : 'status' in changes ? null : state.error;
  state = { ...state, ...changes, error };
  render(ui, state);
}

function showError(error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(error);
  commit({ status: message, error: message });
}

/** Resolves on a later task, after the browser has handled the input, messages and painting queued before it. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

/**
 * Runs an action with the buttons disabled and its error shown in the page; one at a time. The action starts on the
 * next task, so the event handler that called this returns at once and the page paints its busy state before a long
 * synchronous first chunk (a training chunk, a sampling run) holds the main thread.
 */
async function guarded(action: () => Promise<void>): Promise<void> {
  if (state.busy) return;
  commit({ busy: true });
  try {
    await nextTask();
    await action();
  } catch (error) {
    showError(error);
  } finally {
    commit({ busy: false, training: false, numTensors: tf.memory().numTensors });
  }
}

function requireModel(message: string): TrainedModel {
  if (state.model === undefined) throw new Error(message);
  return state.model;
}

/** Activates a backend (a model's Adam takes its ε); on webgl, a lost context is then handled. */
async function useBackend(name: string): Promise<void> {
  const active = await activateBackend(name);
  const { model, images } = state;
  commit({
    ...active,
    ...(model && { model: refitAdam(model, active.precision) }),
    ...(images.model && withImages(state, { model: refitAdam(images.model, active.precision) })),
  });
  watchWebglContext(onWebglContextLost);
}

/**
 * Trains in chunks (`trainChunk`), yielding to the event loop between chunks so the page stays responsive and Stop
 * works; after each chunk the model is copied to the host (`takeSnapshot`) for a lost context.
 */
async function train(): Promise<void> {
  const settings = parseTrainingSettings(readControls(ui));
  const existing = state.model;
  const model =
    existing === undefined
      ? newModel(settings, state.data.dim, state.precision)
      : { ...existing, objective: settings.objective };
  const start = state.step;
  const end = start + settings.steps;
  const started = performance.now();
  commit({
    model,
    training: true,
    stopRequested: false,
    status: `Training ${settings.steps} updates on ${state.backend}…`,
  });
  while (state.step < end && !state.stopRequested) {
    const { losses, lost } = trainChunk(
      model,
      state.data,
      settings,
      state.step,
      Math.min(settings.chunk, end - state.step),
      webglContextLost,
    );
    if (lost) return;
    const step = state.step + losses.length;
    const all = [...state.losses, ...losses];
    commit({
      step,
      losses: all,
      snapshot: takeSnapshot(model, { step, losses: all }, webglContextLost) ?? state.snapshot,
      stepsPerSecond: (step - start) / ((performance.now() - started) / 1000),
    });
    await nextTask();
  }
  if (webglContextLost()) return;
  commit({
    status:
      `${state.stopRequested ? 'Stopped' : 'Trained'} at update ${state.step} ` +
      `(${state.stepsPerSecond.toFixed(1)} steps/s on ${state.backend}).`,
  });
}

async function sampleModel(): Promise<void> {
  const model = requireModel('No model yet: train one or load it first.');
  const settings = parseSamplingSettings(readControls(ui));
  commit({ ...(await drawSamples(model, state.data.dim, settings, state.precision)), trajectories: null });
}

async function density(): Promise<void> {
  const model = requireModel('No model yet: train one or load it first.');
  const settings = parseSamplingSettings(readControls(ui));
  commit({
    ...(await densityGrid(model, state.data.dim, state.bounds, settings, state.precision)),
    trajectories: null,
  });
}

/** Computes the trajectories and shows one more frame per animation frame. */
async function animate(): Promise<void> {
  const model = requireModel('No model yet: train one or load it first.');
  const frames = await trajectoryFrames(
    model,
    state.data.dim,
    parseSamplingSettings(readControls(ui)),
    state.precision,
  );
  await new Promise<void>((resolve) => {
    const next = (shown: number): void => {
      commit({ trajectories: { frames, shown }, sampleInfo: `trajectories: frame ${shown}/${frames.length}` });
      if (shown < frames.length) requestAnimationFrame(() => next(shown + 1));
      else resolve();
    };
    requestAnimationFrame(() => next(1));
  });
  commit({ status: `Animated ${TRAJ_POINTS} trajectories: ${frames.length} frames drawn.` });
}

/** The images mode's model, or an error asking for a Train. */
function requireImageModel(): TrainedImageModel {
  if (state.images.model === undefined) throw new Error('No U-Net yet: press Train first.');
  return state.images.model;
}

/**
 * Trains the class-conditional U-Net on MNIST in chunks (`trainChunk` with labels and label dropout), yielding to
 * the event loop between chunks; every `refreshEvery` updates, and at the end, the sample grid is drawn again with the
 * sampling fields of that moment.
 */
async function trainImages(): Promise<void> {
  const settings = parseImageTrainingSettings(readImageControls(ui));
  parseImageSamplingSettings(readImageControls(ui));
  const { data } = state.images;
  if (data === undefined) throw new Error('MNIST is not loaded yet: pick the images mode first.');
  const model = state.images.model ?? newImageModel(settings, state.precision);
  const start = state.images.step;
  const end = start + settings.steps;
  const refresh = settings.refreshEvery;
  let trainingSeconds = 0;
  commit({
    ...withImages(state, { model }),
    training: true,
    stopRequested: false,
    status: `Training ${settings.steps} updates of the U-Net on ${state.backend}…`,
  });
  while (state.images.step < end && !state.stopRequested) {
    // Yield first, so the page paints the busy state (and the click that started this returns) before a chunk runs.
    await nextTask();
    const from = state.images.step;
    const started = performance.now();
    const { losses, lost } = trainChunk(
      model,
      data,
      settings,
      from,
      Math.min(settings.chunk, end - from),
      webglContextLost,
    );
    if (lost) return;
    trainingSeconds += (performance.now() - started) / 1000;
    const step = from + losses.length;
    commit(
      withImages(state, {
        step,
        losses: [...state.images.losses, ...losses],
        stepsPerSecond: (step - start) / trainingSeconds,
      }),
    );
    if (refresh > 0 && Math.floor(step / refresh) > Math.floor(from / refresh)) await refreshGrid(model);
  }
  if (webglContextLost()) return;
  if (state.images.grid?.step !== state.images.step) await refreshGrid(model);
  const { stepsPerSecond, grid } = state.images;
  const accuracy =
    grid === null ? '' : `; the classifier recognises ${(100 * grid.accuracy).toFixed(1)}% of its samples`;
  commit({
    status:
      `${state.stopRequested ? 'Stopped' : 'Trained'} at update ${state.images.step} ` +
      `(${stepsPerSecond.toFixed(2)} steps/s on ${state.backend})${accuracy}.`,
  });
}

/** Draws the sample grid of the model with the sampling fields as they are now. */
async function refreshGrid(model: TrainedImageModel): Promise<void> {
  const settings = parseImageSamplingSettings(readImageControls(ui));
  commit(gridChanges(state, await sampleImageGrid(model, settings, state.images.step)));
}

async function imageTrajectoryAction(): Promise<void> {
  const model = requireImageModel();
  commit(trajectoryChanges(state, await imageTrajectory(model, parseImageSamplingSettings(readImageControls(ui)))));
}

/** A change of the guidance slider or the class picker: the grid is drawn again when there is a model. */
function resampleOnChange(): void {
  if (state.images.model !== undefined && !state.busy) void guarded(() => refreshGrid(requireImageModel()));
}

async function pickMode(mode: string): Promise<void> {
  if (mode !== 'images') {
    commit({ mode: 'points', status: 'Points mode.' });
    return;
  }
  commit({ status: 'Loading MNIST…' });
  commit(await enterImagesMode(state));
}

/** Makes a loaded model the demo's and shows its shape in the form. */
function install(loaded: LoadedModel, where: string, note: string): void {
  commit(installModel(state, loaded, where, note, state.precision, webglContextLost));
  showModelShape(ui, loaded.field.config.hidden);
}

async function saveTo(handler: tf.io.IOHandler | undefined, where: string): Promise<void> {
  const model = requireModel('No model to save: train one first.');
  if (handler === undefined) throw new Error(`No tf.io handler for ${where}.`);
  await saveTrainedModel(model, handler);
  commit({ status: `Saved the model (${model.objective}) to ${where}.` });
}

async function loadStored(): Promise<void> {
  const [handler] = tf.io.getLoadHandlers(STORE_URL);
  if (handler === undefined) throw new Error(`No tf.io handler for ${STORE_URL}.`);
  install(await loadTrainedModel(handler), STORE_URL, '');
}

async function downloadSafetensors(): Promise<void> {
  const model = requireModel('No model to save: train one first.');
  offerDownload(await modelToSafetensors(model.field), 'gen-demo.safetensors');
  commit({ status: `Saved the model (${model.objective}) to gen-demo.safetensors (downloads).` });
}

/** Loads a `.safetensors` file with the selected objective (the file records none). */
async function loadFile(file: File): Promise<void> {
  const objective = selectedObjective(readControls(ui));
  const note = ` A .safetensors file does not record its objective: it is sampled as ${objective}, the one selected.`;
  install(await loadSafetensors(file, objective), file.name, note);
}

async function upload(): Promise<void> {
  const files = Array.from(ui.upload.files ?? []);
  ui.upload.value = '';
  const picked = pickModelFiles(files);
  if (picked.kind === 'safetensors') return loadFile(picked.file);
  const where = files.map((f) => f.name).join(' + ');
  install(await loadTrainedModel(tf.io.browserFiles([picked.json, ...picked.weights])), where, '');
}

async function loadCsv(): Promise<void> {
  const file = ui.csv.files?.[0];
  if (file === undefined) return;
  const data = csvDataset(await file.text(), file.name);
  commit({
    ...dataChanges(data),
    drawing: { ...state.drawing, active: false },
    status: `Loaded ${file.name}: ${data.size} rows × ${data.dim} columns.`,
  });
}

function pickDataset(value: string): void {
  ui.csv.value = '';
  if (value === DRAW_OPTION) {
    commit(drawingChanges({ ...state.drawing, active: true }));
    return;
  }
  commit({
    ...dataChanges(toyDataset(value as ToyDatasetName)),
    drawing: { ...state.drawing, active: false, strokeEnd: undefined },
    status: `Data set: ${value}.`,
  });
}

/**
 * A lost WebGL context: training stops at once and the page says so; once the running action has ended (or is
 * abandoned, on webgl) the demo moves to wasm (or stays on wasm or cpu) with the model of the last snapshot.
 */
function onWebglContextLost(): void {
  const onWebgl = tf.getBackend() === 'webgl';
  const target = onWebgl ? FALLBACK_BACKEND : tf.getBackend();
  commit({ stopRequested: true });
  showError(contextLostError(target));
  void whenIdle(onWebgl).then(() => guarded(() => recoverOn(target)));
}

/** Resolves once no action is running, or (`abandon`) after ABANDON_AFTER_MS whatever still runs. */
async function whenIdle(abandon: boolean): Promise<void> {
  const deadline = abandon ? performance.now() + ABANDON_AFTER_MS : Number.POSITIVE_INFINITY;
  while (state.busy && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  commit({ busy: false });
}

/**
 * Drops every tensor and the dead webgl backend, activates `target` and rebuilds the points mode's model from the
 * snapshot (the images mode's U-Net has none: it is dropped).
 */
async function recoverOn(target: string): Promise<void> {
  const { snapshot, step } = state;
  const hadImageModel = state.images.model !== undefined;
  commit({ model: undefined, ...withImages(state, withoutImageModel()) });
  discardWebglBackend();
  const recovered = recoveredState(snapshot, step, await activateBackend(target));
  if (!hadImageModel) commit(recovered);
  else {
    const message = `${recovered.status} The images mode's U-Net was on the lost context: Train starts a new one.`;
    commit({ ...recovered, status: message, error: message });
  }
}

function wireImages(): void {
  ui.imgBase.value = String(UNET_DEFAULTS.baseChannels);
  ui.imgMethod.replaceChildren(...imageMethodChoices().map(({ value, label }) => new Option(label, value)));
  ui.imgMethod.value = 'midpoint';
  showGuidance(ui);
  ui.mode.addEventListener('change', () => {
    const mode = ui.mode.value;
    void guarded(() => pickMode(mode));
  });
  ui.imgBase.addEventListener('change', () => commit(withImages(state, withoutImageModel())));
  ui.imgSeed.addEventListener('change', () => commit(withImages(state, withoutImageModel())));
  ui.imgTrain.addEventListener('click', () => void guarded(trainImages));
  ui.imgStop.addEventListener('click', () => commit({ stopRequested: true }));
  ui.imgReset.addEventListener('click', () =>
    commit({
      ...withImages(state, withoutImageModel()),
      status: 'New U-Net: it is created from base channels and seed at the next Train.',
    }),
  );
  ui.imgSample.addEventListener('click', () => void guarded(() => refreshGrid(requireImageModel())));
  ui.imgAnimate.addEventListener('click', () => void guarded(imageTrajectoryAction));
  ui.imgGuidance.addEventListener('input', () => showGuidance(ui));
  ui.imgGuidance.addEventListener('change', resampleOnChange);
  ui.imgClass.addEventListener('change', resampleOnChange);
}

function wire(): void {
  wireImages();
  ui.objective.replaceChildren(...OBJECTIVE_CHOICES.map(({ value, label }) => new Option(label, value)));
  ui.dataset.replaceChildren(
    ...TOY_DATASET_NAMES.map((name) => new Option(name, name)),
    new Option('draw on the plot', DRAW_OPTION),
  );
  ui.dataset.value = 'moons';
  ui.dataset.addEventListener('change', () => {
    try {
      pickDataset(ui.dataset.value);
    } catch (error) {
      showError(error);
    }
  });
  ui.drawClear.addEventListener('click', () => commit(drawingChanges({ ...state.drawing, points: [] })));
  ui.plot.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || state.busy || !state.drawing.active) return;
    commit(drawingChanges(startStroke(state.drawing, canvasPixel(ui.plot, event), ui.plot)));
  });
  ui.plot.addEventListener('pointermove', (event) => {
    if (state.busy) return;
    const drawing = extendStroke(state.drawing, canvasPixel(ui.plot, event), ui.plot);
    if (drawing !== state.drawing) commit(drawingChanges(drawing));
  });
  for (const end of ['pointerup', 'pointerleave'] as const) {
    ui.plot.addEventListener(end, () => {
      if (state.drawing.strokeEnd !== undefined)
        state = { ...state, drawing: { ...state.drawing, strokeEnd: undefined } };
    });
  }
  ui.csv.addEventListener('change', () => void guarded(loadCsv));
  for (const input of [ui.width, ui.depth, ui.seed]) input.addEventListener('change', () => commit(withoutModel()));
  ui.backend.addEventListener('change', () => {
    // Read before `guarded` renders: render shows the active backend in the select until the new one is up.
    const name = ui.backend.value;
    void guarded(async () => {
      await useBackend(name);
      commit({ status: `Backend: ${state.backend}.` });
    });
  });
  ui.objective.addEventListener('change', () => commit(objectiveChanged(state, selectedObjective(readControls(ui)))));
  ui.train.addEventListener('click', () => void guarded(train));
  ui.stop.addEventListener('click', () => commit({ stopRequested: true }));
  ui.reset.addEventListener('click', () =>
    commit({ ...withoutModel(), status: 'New model: it is created from width, depth and seed at the next Train.' }),
  );
  ui.sample.addEventListener('click', () => void guarded(sampleModel));
  ui.density.addEventListener('click', () => void guarded(density));
  ui.animate.addEventListener('click', () => void guarded(animate));
  ui.save.addEventListener('click', () => void guarded(() => saveTo(tf.io.getSaveHandlers(STORE_URL)[0], STORE_URL)));
  ui.load.addEventListener('click', () => void guarded(loadStored));
  // tfjs 4.22 does not export tf.io.browserDownloads; its `downloads://` save router builds the same handler.
  ui.download.addEventListener(
    'click',
    () =>
      void guarded(() =>
        saveTo(tf.io.getSaveHandlers('downloads://gen-demo')[0], 'gen-demo.json + gen-demo.weights.bin (downloads)'),
      ),
  );
  ui.downloadSafetensors.addEventListener('click', () => void guarded(downloadSafetensors));
  ui.upload.addEventListener('change', () => void guarded(upload));
  document.addEventListener('dragover', (event) => event.preventDefault());
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    const files = Array.from(event.dataTransfer?.files ?? []);
    void guarded(async () => {
      const file = files.find((f) => f.name.toLowerCase().endsWith('.safetensors'));
      if (file === undefined) throw new Error('Drop a .safetensors model file to load it.');
      await loadFile(file);
    });
  });
}

async function start(): Promise<void> {
  wire();
  useBundledWasmBinaries();
  const unavailable: string[] = [];
  for (const name of STARTUP_BACKENDS) {
    try {
      await useBackend(name);
      break;
    } catch (error) {
      unavailable.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (state.backend === '')
    throw new BackendUnavailableError('auto', `none of webgl, wasm, cpu started: ${unavailable.join(' ')}`);
  const note = unavailable.length > 0 ? ` ${unavailable.join(' ')}` : '';
  commit({
    ...dataChanges(state.data),
    status: `Ready on ${state.backend}.${note} Pick a data set and press Train.`,
    numTensors: tf.memory().numTensors,
    ready: true,
  });
}

start().catch(showError);
