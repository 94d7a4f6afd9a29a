import { initWebgl } from '@gen/backend-webgl';
import { deriveSeed, initBackend, StandardNormal } from '@gen/core';
import { logProb, sample } from '@gen/ode';
import {
  Adam,
  conditionalFlowMatching,
  type Dataset,
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
  for (const b of [ui.train, ui.reset, ui.sample, ui.density, ui.save, ui.load]) b.disabled = busy;
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

function makeObjective(): Objective {
  switch (ui.objective.value) {
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
  state.step = 0;
  state.losses = [];
  state.stepsPerSecond = 0;
  ui.trainInfo.textContent = '';
  drawLoss();
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

async function runSample(): Promise<void> {
  if (model === undefined) throw new Error('No model yet: train one or load it first.');
  const n = intValue(ui.nSamples, 1);
  const seed = intValue(ui.sampleSeed, 0);
  const started = performance.now();
  const { x, stats } = await sample(model, n, { prior: new StandardNormal(data.dim), seed, ...solverOptions() });
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

async function runSave(): Promise<void> {
  if (model === undefined) throw new Error('No model to save: train one first.');
  await saveMlpVectorField(model, STORE_URL);
  setStatus(`Saved the model to ${STORE_URL}.`);
}

async function runLoad(): Promise<void> {
  const loaded = await loadMlpVectorField(STORE_URL);
  resetModel();
  model = loaded;
  adam = new Adam(loaded.variables);
  ui.width.value = String(loaded.config.hidden[0] ?? ui.width.value);
  ui.depth.value = String(loaded.config.hidden.length);
  setStatus(`Loaded the model from ${STORE_URL} (hidden [${loaded.config.hidden.join(', ')}]).`);
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
