import { BackendUnavailableError } from '@gen/core';
import { modelToSafetensors, TOY_DATASET_NAMES, type ToyDatasetName, toyDataset } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { activateBackend } from './backend';
import { discardWebglBackend, watchWebglContext, webglContextLost } from './context-loss';
import { csvDataset, dataChanges } from './data';
import { densityGrid } from './density';
import { DRAW_OPTION, drawingChanges, extendStroke, startStroke } from './drawing';
import { newModel, objectiveChanged, refitAdam, withoutModel } from './model';
import { OBJECTIVE_CHOICES } from './objective-choices';
import { contextLostError, FALLBACK_BACKEND, recoveredState } from './recovery';
import { render } from './render';
import { drawSamples } from './sampling';
import { parseSamplingSettings, parseTrainingSettings, selectedObjective } from './settings';
import { takeSnapshot } from './snapshot';
import { type DemoHook, type DemoState, hookView, initialState, type TrainedModel } from './state';
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
import { canvasPixel, findUi, offerDownload, readControls, showModelShape } from './ui';
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
 * Merges changes into the state and renders it. A change that replaces the model disposes the old one's tensors;
 * a new status clears the error unless the change sets one.
 */
function commit(changes: Partial<DemoState>): void {
  const old = state.model;
  if ('model' in changes && old !== undefined) {
    if (changes.model?.field !== old.field) old.field.dispose();
    if (changes.model?.adam !== old.adam) old.adam.dispose();
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

/** Runs an action with the buttons disabled and its error shown in the page; one at a time. */
async function guarded(action: () => Promise<void>): Promise<void> {
  if (state.busy) return;
  commit({ busy: true });
  try {
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
  commit({ ...active, ...(state.model && { model: refitAdam(state.model, active.precision) }) });
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
    await new Promise((resolve) => setTimeout(resolve));
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

/** Drops every tensor and the dead webgl backend, activates `target` and rebuilds the model from the snapshot. */
async function recoverOn(target: string): Promise<void> {
  const { snapshot, step } = state;
  commit({ model: undefined });
  discardWebglBackend();
  commit(recoveredState(snapshot, step, await activateBackend(target)));
}

function wire(): void {
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
