import { initWebgl } from '@gen/backend-webgl';
import { deriveSeed, initBackend, StandardNormal } from '@gen/core';
import { logProb, odeint, sample } from '@gen/ode';
import {
  ddimSampler,
  dpmSolverPlusPlus2M,
  predictorCorrectorSampler,
  probabilityFlowSampler,
  reverseSdeSampler,
  type SamplerResult,
  VPSDE,
} from '@gen/sde';
import {
  Adam,
  conditionalFlowMatching,
  type Dataset,
  denoisingScoreMatching,
  loadMlpVectorField,
  type MlpVectorField,
  maximumLikelihood,
  mlpVectorField,
  type Objective,
  otConditionalFlowMatching,
  parseCsv,
  saveMlpVectorField,
  TOY_DATASET_NAMES,
  toyDataset,
} from '@gen/train';
import * as tf from '@tensorflow/tfjs';

/** Where the model is stored in the browser. */
const STORE_URL = 'indexeddb://gen-demo';
/** Points drawn from the data set for display (and for the browser test's nearest-neighbour check). */
const DATA_POINTS = 2000;
const GRID = 48;
/** The final time of the VP-SDE objective and samplers (the score is singular at t = 0). */
const T_END = 1e-3;
/** Points and output times of the trajectory animation. */
const TRAJ_POINTS = 64;
const TRAJ_FRAMES = 30;

/** The objectives of the Objective select; `vp-dsm` trains an ε-predictor, the others a flow. */
type ObjectiveName = 'cfm' | 'ot-cfm' | 'ml' | 'vp-dsm';
const OBJECTIVES: readonly ObjectiveName[] = ['cfm', 'ot-cfm', 'ml', 'vp-dsm'];
const FLOW_METHODS: readonly [string, string][] = [
  ['euler', 'euler'],
  ['rk4', 'rk4'],
  ['dopri5', 'dopri5 (adaptive)'],
];
const SDE_METHODS: readonly [string, string][] = [
  ['reverse-sde', 'reverse-SDE Euler–Maruyama'],
  ['pc', 'predictor–corrector'],
  ['ddim', 'DDIM'],
  ['dpm-solver', 'DPM-Solver++ 2M'],
  ['probability-flow', 'probability flow (rk4)'],
];

function isDiffusion(objective: ObjectiveName): boolean {
  return objective === 'vp-dsm';
}

/** State exposed for the browser test and the console (`window.__demo`). */
export interface DemoState {
  ready: boolean;
  busy: boolean;
  backend: string;
  step: number;
  losses: number[];
  stepsPerSecond: number;
  dataName: string;
  data: number[][];
  samples: number[][] | null;
  sampleNfe: number;
  sampleSeconds: number;
  density: number[] | null;
  /** The objective the current model was trained with (or loaded with); null without a model. */
  modelObjective: ObjectiveName | null;
  /** Trajectory frames drawn by the last animation. */
  trajectoryFrames: number;
  error: string | null;
  status: string;
}

declare global {
  interface Window {
    __demo: DemoState;
  }
}

const state: DemoState = {
  ready: false,
  busy: false,
  backend: '',
  step: 0,
  losses: [],
  stepsPerSecond: 0,
  dataName: '',
  data: [],
  samples: null,
  sampleNfe: 0,
  sampleSeconds: 0,
  density: null,
  modelObjective: null,
  trajectoryFrames: 0,
  error: null,
  status: '',
};
window.__demo = state;

function el<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`missing element #${id}`);
  return e as T;
}

const ui = {
  dataset: el<HTMLSelectElement>('dataset'),
  csv: el<HTMLInputElement>('csv'),
  dataInfo: el<HTMLSpanElement>('data-info'),
  objective: el<HTMLSelectElement>('objective'),
  width: el<HTMLInputElement>('width'),
  depth: el<HTMLInputElement>('depth'),
  lr: el<HTMLInputElement>('lr'),
  batch: el<HTMLInputElement>('batch'),
  steps: el<HTMLInputElement>('steps'),
  chunk: el<HTMLInputElement>('chunk'),
  seed: el<HTMLInputElement>('seed'),
  backend: el<HTMLSelectElement>('backend'),
  backendActive: el<HTMLElement>('backend-active'),
  train: el<HTMLButtonElement>('train'),
  stop: el<HTMLButtonElement>('stop'),
  reset: el<HTMLButtonElement>('reset'),
  trainInfo: el<HTMLSpanElement>('train-info'),
  method: el<HTMLSelectElement>('method'),
  odeSteps: el<HTMLInputElement>('ode-steps'),
  nSamples: el<HTMLInputElement>('n-samples'),
  sampleSeed: el<HTMLInputElement>('sample-seed'),
  sample: el<HTMLButtonElement>('sample'),
  density: el<HTMLButtonElement>('density'),
  save: el<HTMLButtonElement>('save'),
  load: el<HTMLButtonElement>('load'),
  animate: el<HTMLButtonElement>('animate'),
  download: el<HTMLButtonElement>('download'),
  upload: el<HTMLInputElement>('upload'),
  sampleInfo: el<HTMLSpanElement>('sample-info'),
  status: el<HTMLDivElement>('status'),
  plot: el<HTMLCanvasElement>('plot'),
  loss: el<HTMLCanvasElement>('loss'),
};

let data: Dataset = toyDataset('moons');
let model: MlpVectorField | undefined;
let adam: Adam | undefined;
let stopRequested = false;
let bounds = { x0: -4, x1: 4, y0: -4, y1: 4 };

// ---------- status ----------

function setStatus(message: string): void {
  state.status = message;
  state.error = null;
  ui.status.textContent = message;
  ui.status.className = '';
}

function showError(error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  state.error = message;
  state.status = message;
  ui.status.textContent = message;
  ui.status.className = 'error';
  console.error(error);
}

function intValue(input: HTMLInputElement, min: number): number {
  const v = Number(input.value);
  if (!Number.isInteger(v) || v < min)
    throw new Error(`${input.id} must be an integer ≥ ${min} (got "${input.value}")`);
  return v;
}

function numValue(input: HTMLInputElement): number {
  const v = Number(input.value);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${input.id} must be a positive number (got "${input.value}")`);
  return v;
}

/** Runs an action with the buttons disabled and errors shown in the status element. */
async function guarded(action: () => Promise<void>): Promise<void> {
  if (state.busy) return;
  state.busy = true;
  setButtons(true);
  try {
    await action();
  } catch (error) {
    showError(error);
  } finally {
    state.busy = false;
    setButtons(false);
  }
}

function setButtons(busy: boolean): void {
  for (const b of [ui.train, ui.reset, ui.sample, ui.density, ui.save, ui.load, ui.animate, ui.download])
    b.disabled = busy;
  ui.upload.disabled = busy;
  ui.backend.disabled = busy;
  ui.stop.disabled = true;
}

// ---------- backend ----------

async function selectBackend(name: string): Promise<void> {
  if (name === 'webgl') await initWebgl();
  else await initBackend(name);
  state.backend = tf.getBackend();
  ui.backendActive.textContent = state.backend;
  ui.backend.value = state.backend;
}

// ---------- data ----------

function setData(dataset: Dataset): void {
  data = dataset;
  state.dataName = dataset.name;
  state.samples = null;
  state.density = null;
  const points = tf.tidy(() => dataset.sample(DATA_POINTS, 12345).arraySync() as number[][]);
  state.data = points;
  const xs = points.map((p) => p[0] ?? 0);
  const ys = points.map((p) => p[1] ?? 0);
  const pad = (lo: number, hi: number): [number, number] => {
    const m = 0.15 * (hi - lo || 1);
    return [lo - m, hi + m];
  };
  const [x0, x1] = pad(Math.min(...xs), Math.max(...xs));
  const [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
  // Square view so the shapes are not distorted.
  const half = Math.max(x1 - x0, y1 - y0) / 2;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  bounds = { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
  ui.dataInfo.textContent = `${dataset.name}: D = ${dataset.dim}${dataset.dim > 2 ? ' (plots show the first two columns)' : ''}`;
  resetModel();
  drawPlot();
}

async function onCsv(): Promise<void> {
  const file = ui.csv.files?.[0];
  if (file === undefined) return;
  const text = await file.text();
  const parsed = parseCsv(text, { name: file.name });
  if (parsed.dim < 2) throw new Error(`${file.name}: the demo needs at least two numeric columns (got ${parsed.dim}).`);
  setData(parsed);
  setStatus(`Loaded ${file.name}: ${parsed.size} rows × ${parsed.dim} columns.`);
}

// ---------- model and training ----------

function selectedObjective(): ObjectiveName {
  const value = ui.objective.value as ObjectiveName;
  return OBJECTIVES.includes(value) ? value : 'ot-cfm';
}

/** The objective that decides how to sample: the model's when there is one, else the selected one. */
function samplingObjective(): ObjectiveName {
  return state.modelObjective ?? selectedObjective();
}

/** Fills the Method select with the ODE methods (flows) or the SDE samplers (VP-SDE score matching). */
function updateMethods(): void {
  const diffusion = isDiffusion(samplingObjective());
  const options = diffusion ? SDE_METHODS : FLOW_METHODS;
  if (ui.method.dataset.family === (diffusion ? 'sde' : 'ode')) return;
  ui.method.dataset.family = diffusion ? 'sde' : 'ode';
  ui.method.replaceChildren(
    ...options.map(([value, label]) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = label;
      return option;
    }),
  );
  ui.method.value = diffusion ? 'dpm-solver' : 'rk4';
}

function onObjectiveChange(): void {
  const chosen = selectedObjective();
  if (state.modelObjective !== null && isDiffusion(state.modelObjective) !== isDiffusion(chosen)) {
    resetModel();
    setStatus(
      `New model: a ${isDiffusion(chosen) ? 'score (ε-prediction)' : 'flow'} model is created at the next Train.`,
    );
  }
  updateMethods();
}

function makeObjective(): Objective {
  switch (selectedObjective()) {
    case 'vp-dsm':
      return denoisingScoreMatching({ process: new VPSDE(), tEnd: T_END });
    case 'cfm':
      return conditionalFlowMatching();
    case 'ml':
      return maximumLikelihood();
    default:
      return otConditionalFlowMatching();
  }
}

function resetModel(): void {
  model?.dispose();
  adam?.dispose();
  model = undefined;
  adam = undefined;
  state.modelObjective = null;
  state.step = 0;
  state.losses = [];
  state.stepsPerSecond = 0;
  ui.trainInfo.textContent = '';
  drawLoss();
  updateMethods();
}

function ensureModel(): MlpVectorField {
  if (model === undefined) {
    const width = intValue(ui.width, 1);
    const depth = intValue(ui.depth, 0);
    model = mlpVectorField({ dim: data.dim, hidden: Array(depth).fill(width), seed: intValue(ui.seed, 0) });
  }
  adam ??= new Adam(model.variables);
  return model;
}

/**
 * Trains in chunks of `chunk` updates, yielding to the event loop between chunks so the page stays responsive and
 * Stop works. Update k uses the same seeds as `train()` (`deriveSeed(seed, k, 0)` for the batch, `deriveSeed(seed,
 * k, 1)` for the objective) and Adam's moments persist across chunks, so Stop then Train continues exactly.
 */
async function runTraining(): Promise<void> {
  const field = ensureModel();
  const optimiser = adam as Adam;
  const objective = makeObjective();
  state.modelObjective = selectedObjective();
  updateMethods();
  const total = intValue(ui.steps, 1);
  const chunk = intValue(ui.chunk, 1);
  const batchSize = intValue(ui.batch, 1);
  const lr = numValue(ui.lr);
  const seed = intValue(ui.seed, 0);
  const variables = [...field.variables];
  const end = state.step + total;
  const startStep = state.step;
  const started = performance.now();
  stopRequested = false;
  ui.stop.disabled = false;
  setStatus(`Training ${total} updates on ${tf.getBackend()}…`);
  while (state.step < end && !stopRequested) {
    const chunkEnd = Math.min(end, state.step + chunk);
    for (; state.step < chunkEnd; state.step += 1) {
      const step = state.step;
      const loss = tf.tidy(() => {
        const batch = data.sample(batchSize, deriveSeed(seed, step, 0));
        const { value, grads } = tf.variableGrads(
          () => objective.loss(field, batch, deriveSeed(seed, step, 1)),
          variables,
        );
        const lossValue = value.dataSync()[0] as number;
        if (Number.isFinite(lossValue))
          optimiser.apply(
            variables.map((v) => grads[v.name] ?? tf.zerosLike(v)),
            lr,
          );
        return lossValue;
      });
      if (!Number.isFinite(loss)) throw new Error(`The loss became ${loss} at update ${step + 1}; lower lr.`);
      state.losses.push(loss);
    }
    state.stepsPerSecond = (state.step - startStep) / ((performance.now() - started) / 1000);
    ui.trainInfo.textContent = `step ${state.step} · loss ${smoothedLoss().toFixed(4)} · ${state.stepsPerSecond.toFixed(1)} steps/s`;
    ui.trainInfo.dataset.step = String(state.step);
    ui.trainInfo.dataset.loss = String(smoothedLoss());
    drawLoss();
    await new Promise((resolve) => setTimeout(resolve));
  }
  setStatus(
    `${stopRequested ? 'Stopped' : 'Trained'} at update ${state.step} (${state.stepsPerSecond.toFixed(1)} steps/s on ${tf.getBackend()}).`,
  );
}

function smoothedLoss(window = 20): number {
  const tail = state.losses.slice(-window);
  return tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length);
}

// ---------- sampling and density ----------

function solverOptions(): { method: string; stepSize?: number; rtol?: number; atol?: number } {
  const method = ui.method.value;
  if (method === 'dopri5') return { method, rtol: 1e-4, atol: 1e-4 };
  return { method, stepSize: 1 / intValue(ui.odeSteps, 1) };
}

/** Samples the ε-prediction model with the selected SDE sampler (steps from the Steps field). */
async function sampleDiffusion(field: MlpVectorField, n: number, seed: number): Promise<SamplerResult> {
  const steps = intValue(ui.odeSteps, 1);
  const process = new VPSDE();
  const options = { n, dim: data.dim, steps, seed, prediction: 'noise' as const, tEnd: T_END };
  switch (ui.method.value) {
    case 'reverse-sde':
      return reverseSdeSampler(process, field, options);
    case 'pc':
      return predictorCorrectorSampler(process, field, options);
    case 'ddim':
      return ddimSampler(process, field, options);
    case 'dpm-solver':
      return dpmSolverPlusPlus2M(process, field, options);
    case 'probability-flow': {
      const { steps: _, ...rest } = options;
      return probabilityFlowSampler(process, field, { ...rest, method: 'rk4', stepSize: (1 - T_END) / steps });
    }
    default:
      throw new Error(`Unknown SDE sampler "${ui.method.value}".`);
  }
}

async function runSample(): Promise<void> {
  if (model === undefined) throw new Error('No model yet: train one or load it first.');
  const n = intValue(ui.nSamples, 1);
  const seed = intValue(ui.sampleSeed, 0);
  const started = performance.now();
  const { x, stats } = isDiffusion(samplingObjective())
    ? await sampleDiffusion(model, n, seed).then(({ x, nfe }) => ({ x, stats: { nfe } }))
    : await sample(model, n, { prior: new StandardNormal(data.dim), seed, ...solverOptions() });
  try {
    state.samples = (await x.array()) as number[][];
  } finally {
    x.dispose();
  }
  state.sampleSeconds = (performance.now() - started) / 1000;
  state.sampleNfe = stats.nfe;
  ui.sampleInfo.textContent = `${n} samples · NFE ${stats.nfe} · ${state.sampleSeconds.toFixed(2)} s`;
  drawPlot();
  setStatus(`Sampled ${n} points with ${ui.method.value} (NFE ${stats.nfe}, ${state.sampleSeconds.toFixed(2)} s).`);
}

async function runDensity(): Promise<void> {
  if (model === undefined) throw new Error('No model yet: train one or load it first.');
  if (data.dim !== 2) throw new Error('The density heat map needs 2-D data.');
  if (isDiffusion(samplingObjective()))
    throw new Error('The density heat map is for flow objectives (CFM, OT-CFM, maximum likelihood).');
  const grid: number[] = [];
  for (let i = 0; i < GRID; i += 1) {
    for (let j = 0; j < GRID; j += 1) {
      const gx = bounds.x0 + ((j + 0.5) / GRID) * (bounds.x1 - bounds.x0);
      const gy = bounds.y1 - ((i + 0.5) / GRID) * (bounds.y1 - bounds.y0);
      grid.push(gx, gy);
    }
  }
  const x = tf.tensor2d(grid, [GRID * GRID, 2], 'float32');
  const started = performance.now();
  try {
    const { logp, z, stats } = await logProb(model, x, { divergence: 'exact', ...solverOptions() });
    state.density = Array.from(await logp.data());
    tf.dispose([logp, z]);
    const seconds = (performance.now() - started) / 1000;
    ui.sampleInfo.textContent = `density ${GRID}×${GRID} · NFE ${stats.nfe} · ${seconds.toFixed(2)} s`;
    setStatus(`Density on a ${GRID}×${GRID} grid (NFE ${stats.nfe}, ${seconds.toFixed(2)} s).`);
  } finally {
    x.dispose();
  }
  drawPlot();
}

/** A handler that stores the model's objective in `userDefinedMetadata.objective` next to the config. */
function savingObjective(handler: tf.io.IOHandler, objective: ObjectiveName): tf.io.IOHandler {
  const save = handler.save;
  if (save === undefined) throw new Error('This destination cannot save.');
  return {
    save: (artifacts) =>
      save.call(handler, { ...artifacts, userDefinedMetadata: { ...artifacts.userDefinedMetadata, objective } }),
  };
}

/** A handler that reads the objective saved by {@link savingObjective} (OT-CFM for models saved without one). */
function loadingObjective(handler: tf.io.IOHandler): { handler: tf.io.IOHandler; objective: () => ObjectiveName } {
  const load = handler.load;
  if (load === undefined) throw new Error('This source cannot load.');
  let objective: ObjectiveName = 'ot-cfm';
  return {
    handler: {
      load: async () => {
        const artifacts = await load.call(handler);
        const stored = artifacts.userDefinedMetadata?.objective;
        if (stored !== undefined && !OBJECTIVES.includes(stored as ObjectiveName))
          throw new Error(`The saved model has an unknown objective "${String(stored)}".`);
        if (stored !== undefined) objective = stored as ObjectiveName;
        return artifacts;
      },
    },
    objective: () => objective,
  };
}

async function saveTo(handler: tf.io.IOHandler, where: string): Promise<void> {
  if (model === undefined || state.modelObjective === null) throw new Error('No model to save: train one first.');
  await saveMlpVectorField(model, savingObjective(handler, state.modelObjective));
  setStatus(`Saved the model (${state.modelObjective}) to ${where}.`);
}

async function loadFrom(source: tf.io.IOHandler, where: string): Promise<void> {
  const { handler, objective } = loadingObjective(source);
  const loaded = await loadMlpVectorField(handler);
  if (loaded.config.dim !== data.dim) {
    loaded.dispose();
    throw new Error(`The model in ${where} has D = ${loaded.config.dim} but the data have D = ${data.dim}.`);
  }
  resetModel();
  model = loaded;
  adam = new Adam(loaded.variables);
  state.modelObjective = objective();
  ui.objective.value = state.modelObjective;
  updateMethods();
  ui.width.value = String(loaded.config.hidden[0] ?? ui.width.value);
  ui.depth.value = String(loaded.config.hidden.length);
  setStatus(`Loaded the model (${state.modelObjective}) from ${where} (hidden [${loaded.config.hidden.join(', ')}]).`);
}

async function runSave(): Promise<void> {
  const [handler] = tf.io.getSaveHandlers(STORE_URL);
  if (handler === undefined) throw new Error(`No tf.io handler for ${STORE_URL}.`);
  await saveTo(handler, STORE_URL);
}

async function runLoad(): Promise<void> {
  const [handler] = tf.io.getLoadHandlers(STORE_URL);
  if (handler === undefined) throw new Error(`No tf.io handler for ${STORE_URL}.`);
  await loadFrom(handler, STORE_URL);
}

async function runDownload(): Promise<void> {
  // tfjs 4.22 does not export tf.io.browserDownloads; its `downloads://` save router builds the same handler.
  const [handler] = tf.io.getSaveHandlers('downloads://gen-demo');
  if (handler === undefined) throw new Error('No tf.io handler for downloads://gen-demo.');
  await saveTo(handler, 'gen-demo.json + gen-demo.weights.bin (downloads)');
}

async function runUpload(): Promise<void> {
  const files = Array.from(ui.upload.files ?? []);
  ui.upload.value = '';
  const json = files.find((f) => f.name.endsWith('.json'));
  const weights = files.filter((f) => f !== json);
  if (json === undefined || weights.length === 0)
    throw new Error('Pick both files of a downloaded model: gen-demo.json and gen-demo.weights.bin.');
  await loadFrom(tf.io.browserFiles([json, ...weights]), files.map((f) => f.name).join(' + '));
}

// ---------- trajectories ----------

/**
 * Integrates 64 prior points from t = 1 to 0 (flows) or to tEnd (VP-SDE, along the probability-flow ODE with score
 * −ε/σ_t) and returns the states at 30 output times, [frame][point][dim].
 */
async function computeTrajectories(field: MlpVectorField): Promise<number[][][]> {
  const diffusion = isDiffusion(samplingObjective());
  const t1 = diffusion ? T_END : 0;
  const ts = Array.from({ length: TRAJ_FRAMES }, (_, k) => 1 + ((t1 - 1) * k) / (TRAJ_FRAMES - 1));
  const seed = intValue(ui.sampleSeed, 0);
  const x0 = tf.randomNormal([TRAJ_POINTS, data.dim], 0, 1, 'float32', seed);
  try {
    let solution: Awaited<ReturnType<typeof odeint>>;
    if (diffusion) {
      const process = new VPSDE();
      const score = (t: number, x: tf.Tensor): tf.Tensor =>
        tf.tidy(() => tf.mul(field(t, x), -1 / process.marginal(t).std));
      solution = await odeint(process.probabilityFlow(score), x0, ts, {
        method: 'rk4',
        stepSize: (1 - T_END) / intValue(ui.odeSteps, 1),
      });
    } else {
      solution = await odeint(field, x0, ts, solverOptions());
    }
    try {
      return (await solution.ys.array()) as number[][][];
    } finally {
      solution.ys.dispose();
    }
  } finally {
    x0.dispose();
  }
}

async function runAnimate(): Promise<void> {
  if (model === undefined) throw new Error('No model yet: train one or load it first.');
  const frames = await computeTrajectories(model);
  state.trajectoryFrames = 0;
  await new Promise<void>((resolve) => {
    const draw = (): void => {
      const k = state.trajectoryFrames;
      drawTrajectories(frames, k);
      state.trajectoryFrames = k + 1;
      ui.sampleInfo.textContent = `trajectories: frame ${k + 1}/${frames.length}`;
      ui.sampleInfo.dataset.frames = String(k + 1);
      if (k + 1 < frames.length) requestAnimationFrame(draw);
      else resolve();
    };
    requestAnimationFrame(draw);
  });
  setStatus(`Animated ${TRAJ_POINTS} trajectories: ${state.trajectoryFrames} frames drawn.`);
}

// ---------- drawing ----------

function toCanvas(p: readonly number[], canvas: HTMLCanvasElement): [number, number] {
  const px = (((p[0] ?? 0) - bounds.x0) / (bounds.x1 - bounds.x0)) * canvas.width;
  const py = ((bounds.y1 - (p[1] ?? 0)) / (bounds.y1 - bounds.y0)) * canvas.height;
  return [px, py];
}

function drawPlot(): void {
  const canvas = ui.plot;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (state.density !== null) {
    const max = Math.max(...state.density);
    const cw = canvas.width / GRID;
    const ch = canvas.height / GRID;
    state.density.forEach((lp, k) => {
      const v = Math.exp(lp - max); // relative density in (0, 1]
      const i = Math.floor(k / GRID);
      const j = k % GRID;
      const r = Math.round(255 * Math.min(1, 1.5 * v + 0.05));
      const g = Math.round(255 * Math.min(1, v * v * 1.2));
      const b = Math.round(90 * (1 - v) + 40);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(j * cw, i * ch, cw + 1, ch + 1);
    });
  }
  ctx.fillStyle = state.density === null ? 'rgba(90,90,90,0.45)' : 'rgba(255,255,255,0.35)';
  for (const p of state.data) {
    const [x, y] = toCanvas(p, canvas);
    ctx.fillRect(x - 1, y - 1, 2, 2);
  }
  if (state.samples !== null) {
    ctx.fillStyle = 'rgba(230,110,0,0.7)';
    for (const p of state.samples) {
      const [x, y] = toCanvas(p, canvas);
      ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
    }
  }
}

/** The data, the paths of the trajectories up to frame `k` and their current points. */
function drawTrajectories(frames: readonly number[][][], k: number): void {
  const canvas = ui.plot;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = 'rgba(90,90,90,0.35)';
  for (const p of state.data) {
    const [x, y] = toCanvas(p, canvas);
    ctx.fillRect(x - 1, y - 1, 2, 2);
  }
  ctx.strokeStyle = 'rgba(40,90,200,0.45)';
  ctx.lineWidth = 1;
  for (let i = 0; i < TRAJ_POINTS; i += 1) {
    ctx.beginPath();
    for (let f = 0; f <= k; f += 1) {
      const [x, y] = toCanvas(frames[f]?.[i] ?? [], canvas);
      if (f === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
  ctx.fillStyle = 'rgba(200,40,40,0.9)';
  for (const p of frames[k] ?? []) {
    const [x, y] = toCanvas(p, canvas);
    ctx.fillRect(x - 2, y - 2, 4, 4);
  }
}

function drawLoss(): void {
  const canvas = ui.loss;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const losses = state.losses;
  if (losses.length === 0) return;
  const logs = losses.map((l) => Math.log10(Math.max(l, 1e-12)));
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  const span = hi - lo || 1;
  const px = (i: number): number => 30 + (i / Math.max(1, losses.length - 1)) * (width - 40);
  const py = (v: number): number => 10 + ((hi - v) / span) * (height - 30);
  ctx.fillStyle = 'rgba(40,90,200,0.25)';
  logs.forEach((v, i) => {
    ctx.fillRect(px(i) - 1, py(v) - 1, 2, 2);
  });
  ctx.strokeStyle = '#1a4fb0';
  ctx.lineWidth = 2;
  ctx.beginPath();
  let acc = 0;
  const w = 20;
  logs.forEach((v, i) => {
    acc += v;
    if (i >= w) acc -= logs[i - w] as number;
    const avg = acc / Math.min(i + 1, w);
    if (i === 0) ctx.moveTo(px(i), py(avg));
    else ctx.lineTo(px(i), py(avg));
  });
  ctx.stroke();
  ctx.fillStyle = '#333';
  ctx.font = '11px sans-serif';
  ctx.fillText(`${(10 ** hi).toPrecision(3)}`, 2, 14);
  ctx.fillText(`${(10 ** lo).toPrecision(3)}`, 2, height - 20);
  ctx.fillText(`${losses.length} updates`, width - 80, height - 4);
}

// ---------- wiring ----------

function wire(): void {
  for (const name of TOY_DATASET_NAMES) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = name;
    ui.dataset.append(option);
  }
  ui.dataset.value = 'moons';
  ui.dataset.addEventListener('change', () => {
    try {
      ui.csv.value = '';
      setData(toyDataset(ui.dataset.value as (typeof TOY_DATASET_NAMES)[number]));
      setStatus(`Data set: ${ui.dataset.value}.`);
    } catch (error) {
      showError(error);
    }
  });
  ui.csv.addEventListener('change', () => void guarded(onCsv));
  for (const input of [ui.width, ui.depth, ui.seed]) input.addEventListener('change', () => resetModel());
  ui.backend.addEventListener(
    'change',
    () =>
      void guarded(async () => {
        await selectBackend(ui.backend.value);
        setStatus(`Backend: ${state.backend}.`);
      }),
  );
  ui.train.addEventListener(
    'click',
    () =>
      void guarded(async () => {
        await runTraining();
      }),
  );
  ui.stop.addEventListener('click', () => {
    stopRequested = true;
  });
  ui.reset.addEventListener('click', () => {
    resetModel();
    setStatus('New model: it is created from width, depth and seed at the next Train.');
  });
  ui.sample.addEventListener('click', () => void guarded(runSample));
  ui.density.addEventListener('click', () => void guarded(runDensity));
  ui.save.addEventListener('click', () => void guarded(runSave));
  ui.load.addEventListener('click', () => void guarded(runLoad));
  ui.animate.addEventListener('click', () => void guarded(runAnimate));
  ui.download.addEventListener('click', () => void guarded(runDownload));
  ui.upload.addEventListener('change', () => void guarded(runUpload));
  ui.objective.addEventListener('change', onObjectiveChange);
}

async function start(): Promise<void> {
  wire();
  try {
    await selectBackend('webgl');
  } catch (error) {
    await selectBackend('cpu');
    console.warn('webgl unavailable, using cpu', error);
  }
  setData(toyDataset('moons'));
  setStatus(`Ready on ${state.backend}. Pick a data set and press Train.`);
  state.ready = true;
}

start().catch(showError);
