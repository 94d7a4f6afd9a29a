/**
 * Browser page of `precision.test.ts`: the same seeded training run and dopri5 solve on cpu and on webgl with
 * `webglPrecisionSettings()` applied, plus the control runs that show the comparisons can fail.
 */
import {
  initWebgl,
  type WebglCapabilities,
  type WebglPrecisionSettings,
  webglCapabilities,
  webglPrecisionSettings,
} from '@gen/backend-webgl';
import { initBackend, randomNormal } from '@gen/core';
import { odeint } from '@gen/ode';
import {
  assignWeights,
  conditionalFlowMatching,
  type MlpVectorField,
  mlpVectorField,
  toyDataset,
  train,
} from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { LOOSE_FACTOR, MODEL, REQUESTED_TOLERANCE, SOLVE, TRAIN } from './runs';

/** One training run. */
export interface TrainRun {
  backend: string;
  epsilon: number;
  losses: number[];
  /** Every weight after training, flattened in variable order. */
  weights: number[];
  /** Every weight before training. */
  initial: number[];
  /** `tf.memory().numTensors` before and after the run. */
  tensors: [number, number];
}

/** One ODE solve. */
export interface SolveRun {
  backend: string;
  method: string;
  rtol: number;
  atol: number;
  /** The final state, [points][dim]. */
  y: number[][];
  nfe: number;
  rejected: number;
  tensors: [number, number];
}

/** What the page measures. */
export interface PrecisionReport {
  /** The settings on the active webgl backend. */
  settings: WebglPrecisionSettings;
  /** `webglPrecisionSettings(32)` and `(16)`. */
  float32: WebglPrecisionSettings;
  float16: WebglPrecisionSettings;
  /** The names of the errors thrown for `textureFloatBits` 24, and with no argument on cpu. */
  errors: { badBits: string; notWebgl: string };
  capabilities: WebglCapabilities;
  cpuTrain: TrainRun;
  webglTrain: TrainRun;
  /** webgl with tfjs's own `backend.epsilon()` as Adam ε: what the settings fix. */
  webglTrainTfjsEpsilon: TrainRun;
  cpuSolve: SolveRun;
  webglSolve: SolveRun;
  /** cpu with both tolerances `LOOSE_FACTOR` times looser: a solve error the comparison must detect. */
  cpuSolveLoose: SolveRun;
}

declare global {
  interface Window {
    __precision: { run(): Promise<PrecisionReport> };
  }
}

function flatWeights(model: MlpVectorField): number[] {
  return model.variables.flatMap((v) => Array.from(v.dataSync()));
}

async function trainRun(epsilon: number): Promise<TrainRun> {
  const before = tf.memory().numTensors;
  const model = mlpVectorField(MODEL);
  const initial = flatWeights(model);
  const { losses } = await train({
    model,
    data: toyDataset('moons'),
    objective: conditionalFlowMatching(),
    ...TRAIN,
    adam: { epsilon },
  });
  const weights = flatWeights(model);
  model.dispose();
  return { backend: tf.getBackend(), epsilon, losses, weights, initial, tensors: [before, tf.memory().numTensors] };
}

async function solveRun(trained: readonly number[], rtol: number, atol: number): Promise<SolveRun> {
  const before = tf.memory().numTensors;
  const model = mlpVectorField(MODEL);
  let offset = 0;
  assignWeights(
    model.variables,
    model.variables.map((v) => {
      const values = Float32Array.from(trained.slice(offset, offset + v.size));
      offset += v.size;
      return values;
    }),
  );
  const y0 = randomNormal([SOLVE.points, MODEL.dim], SOLVE.seed);
  const { ys, stats } = await odeint(model, y0, SOLVE.ts, { method: 'dopri5', rtol, atol });
  const y = ((await ys.array()) as number[][][]).at(-1) as number[][];
  tf.dispose([ys, y0]);
  model.dispose();
  return {
    backend: tf.getBackend(),
    method: 'dopri5',
    rtol,
    atol,
    y,
    nfe: stats.nfe,
    rejected: stats.rejected,
    tensors: [before, tf.memory().numTensors],
  };
}

/** The name of the error `action` throws, or 'none'. */
function thrown(action: () => unknown): string {
  try {
    action();
    return 'none';
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
}

async function run(): Promise<PrecisionReport> {
  await initBackend('cpu');
  const errors = {
    badBits: thrown(() => webglPrecisionSettings(24 as 32)),
    notWebgl: thrown(() => webglPrecisionSettings()),
  };
  const float32 = webglPrecisionSettings(32);
  const float16 = webglPrecisionSettings(16);
  const cpuTrain = await trainRun(float32.adamEpsilon);
  const cpuRtol = Math.max(REQUESTED_TOLERANCE, float32.minRtol);
  const cpuAtol = Math.max(REQUESTED_TOLERANCE, float32.minAtol);
  const cpuSolve = await solveRun(cpuTrain.weights, cpuRtol, cpuAtol);
  const cpuSolveLoose = await solveRun(cpuTrain.weights, LOOSE_FACTOR * cpuRtol, LOOSE_FACTOR * cpuAtol);

  await initWebgl();
  const settings = webglPrecisionSettings();
  const capabilities = webglCapabilities();
  const webglTrain = await trainRun(settings.adamEpsilon);
  const webglTrainTfjsEpsilon = await trainRun(capabilities.epsilon);
  const webglSolve = await solveRun(
    cpuTrain.weights,
    Math.max(REQUESTED_TOLERANCE, settings.minRtol),
    Math.max(REQUESTED_TOLERANCE, settings.minAtol),
  );
  return {
    settings,
    float32,
    float16,
    errors,
    capabilities,
    cpuTrain,
    webglTrain,
    webglTrainTfjsEpsilon,
    cpuSolve,
    webglSolve,
    cpuSolveLoose,
  };
}

window.__precision = { run };
const out = document.getElementById('out');
if (out !== null) out.textContent = 'ready';
