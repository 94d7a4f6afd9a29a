import * as tf from '@tensorflow/tfjs';
import { state } from './state';

function el<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`missing element #${id}`);
  return e as T;
}

export const ui = {
  dataset: el<HTMLSelectElement>('dataset'),
  csv: el<HTMLInputElement>('csv'),
  drawControls: el<HTMLSpanElement>('draw-controls'),
  drawClear: el<HTMLButtonElement>('draw-clear'),
  drawCount: el<HTMLSpanElement>('draw-count'),
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
  precision: el<HTMLSpanElement>('precision'),
  train: el<HTMLButtonElement>('train'),
  stop: el<HTMLButtonElement>('stop'),
  reset: el<HTMLButtonElement>('reset'),
  trainInfo: el<HTMLSpanElement>('train-info'),
  method: el<HTMLSelectElement>('method'),
  odeSteps: el<HTMLInputElement>('ode-steps'),
  nSamples: el<HTMLInputElement>('n-samples'),
  sampleSeed: el<HTMLInputElement>('sample-seed'),
  rtol: el<HTMLInputElement>('rtol'),
  atol: el<HTMLInputElement>('atol'),
  toleranceInfo: el<HTMLSpanElement>('tolerance-info'),
  sample: el<HTMLButtonElement>('sample'),
  density: el<HTMLButtonElement>('density'),
  save: el<HTMLButtonElement>('save'),
  load: el<HTMLButtonElement>('load'),
  animate: el<HTMLButtonElement>('animate'),
  download: el<HTMLButtonElement>('download'),
  downloadSafetensors: el<HTMLButtonElement>('download-safetensors'),
  upload: el<HTMLInputElement>('upload'),
  sampleInfo: el<HTMLSpanElement>('sample-info'),
  status: el<HTMLDivElement>('status'),
  plot: el<HTMLCanvasElement>('plot'),
  loss: el<HTMLCanvasElement>('loss'),
};

export function setStatus(message: string): void {
  state.status = message;
  state.error = null;
  ui.status.textContent = message;
  ui.status.className = '';
}

export function showError(error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  state.error = message;
  state.status = message;
  ui.status.textContent = message;
  ui.status.className = 'error';
  console.error(error);
}

export function intValue(input: HTMLInputElement, min: number): number {
  const v = Number(input.value);
  if (!Number.isInteger(v) || v < min)
    throw new Error(`${input.id} must be an integer ≥ ${min} (got "${input.value}")`);
  return v;
}

export function numValue(input: HTMLInputElement): number {
  const v = Number(input.value);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${input.id} must be a positive number (got "${input.value}")`);
  return v;
}

/** Runs an action with the buttons disabled and errors shown in the status element. */
export async function guarded(action: () => Promise<void>): Promise<void> {
  if (state.busy) return;
  state.busy = true;
  setButtons(true);
  try {
    await action();
  } catch (error) {
    showError(error);
  } finally {
    state.busy = false;
    state.numTensors = tf.memory().numTensors;
    setButtons(false);
  }
}

function setButtons(busy: boolean): void {
  for (const b of [
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
  ])
    b.disabled = busy;
  ui.upload.disabled = busy;
  ui.backend.disabled = busy;
  ui.stop.disabled = true;
}
