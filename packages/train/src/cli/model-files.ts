import { StandardNormal } from '@gen/core';
import { getMethod, type OdeOptions, odeint } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { loadMlpVectorField, type MlpVectorField } from '../models/index.js';
import { OBJECTIVES } from '../objectives/index.js';
import { asInputError, type RunRecord, readRun } from './run-files.js';
import { selectBackend } from './select-backend.js';

/** A trained model loaded from a `gen train` folder, with what is needed to sample it. */
export interface LoadedRun {
  /** The model (dispose when done). */
  model: MlpVectorField;
  /** The run record. */
  run: RunRecord;
  /** The backend in use. */
  backend: string;
}

/**
 * Loads the model of a `gen train` folder on the chosen backend, checking the folder first.
 *
 * @param dir - The model folder (`--model`).
 * @param backendName - The `--backend` value.
 * @returns The model, its run record and the backend.
 * @throws `InvalidArgumentError` naming `--model` when the folder is missing, lacks run.json or model/, or its
 *   model cannot be read (the loader's typed error passes unchanged); `BackendUnavailableError` for `--backend`.
 * @example
 * ```ts
 * const { model, run } = await loadRun('runs/moons', 'auto');
 * ```
 */
export async function loadRun(dir: string, backendName: string): Promise<LoadedRun> {
  const { join } = await import('node:path');
  const run = await readRun(dir);
  const backend = await selectBackend(backendName);
  const modelDir = join(dir, 'model');
  try {
    const model = await loadMlpVectorField(`file://${modelDir}`);
    return { model, run, backend };
  } catch (error) {
    throw asInputError(error, '--model', 'a folder written by `gen train` with a readable model/', modelDir);
  }
}

/** How the flow's ODE is solved: an adaptive method with tolerances and a step budget, or a fixed step count. */
export interface SolveSettings {
  /** Method name (see `METHOD_NAMES` of `@gen/ode`). */
  method: string;
  /** Steps over the whole time span, for fixed-step methods. */
  steps: number;
  /** Relative tolerance of adaptive methods. */
  rtol: number;
  /** Absolute tolerance of adaptive methods. */
  atol: number;
  /** Step budget of adaptive methods. */
  maxSteps: number;
}

/**
 * The `odeint` options for solving over a time span: a fixed-step method takes `steps` equal steps with no step
 * budget (so `--steps 20000` is never cut by a hidden limit); an adaptive one uses `rtol`, `atol` and `maxSteps`.
 *
 * @param settings - The solver settings.
 * @param span - Length of the time span.
 * @returns The options for `odeint`.
 * @throws `InvalidArgumentError` (from `getMethod`) for an unknown method.
 * @example
 * ```ts
 * odeint(field, z, [1, 0], odeOptions({ method: 'euler', steps: 20, rtol: 1e-5, atol: 1e-5, maxSteps: 1e4 }, 1));
 * ```
 */
export function odeOptions(settings: SolveSettings, span: number): OdeOptions {
  const { method } = settings;
  return getMethod(method).adaptive
    ? { method, rtol: settings.rtol, atol: settings.atol, maxSteps: settings.maxSteps }
    : // A fixed-step solve ends after `steps` steps by construction (the grid's rounding may add one): no budget.
      { method, stepSize: span / settings.steps, maxSteps: Number.MAX_SAFE_INTEGER };
}

/** Samples drawn by {@link drawSamples}, and their cost. */
export interface DrawnSamples {
  /** The samples [n, D], owned by the caller. */
  x: tf.Tensor;
  /** Field evaluations. */
  nfe: number;
  /** Wall-clock seconds. */
  seconds: number;
}

/**
 * Draws samples from a trained model: N(0, I) noise (seeded) integrated from the end of its time span back to the
 * start with the given solver settings.
 *
 * @param loaded - The loaded run.
 * @param n - Number of samples.
 * @param settings - Solver settings.
 * @param seed - Seed of the noise.
 * @returns The samples and their cost.
 * @throws `NumericalError` when the solve fails (e.g. its step budget runs out).
 * @example
 * ```ts
 * const { x, nfe } = await drawSamples(loaded, 10_000, { method: 'euler', steps: 20, rtol: 1e-5, atol: 1e-5, maxSteps: 10_000 }, 0);
 * ```
 */
export async function drawSamples(
  loaded: LoadedRun,
  n: number,
  settings: SolveSettings,
  seed: number,
): Promise<DrawnSamples> {
  const { field, timeSpan } = OBJECTIVES[loaded.run.objective].samplingField(loaded.model);
  const options = odeOptions(settings, timeSpan[1] - timeSpan[0]);
  const z = new StandardNormal(loaded.model.config.dim).sample(n, seed);
  const started = performance.now();
  try {
    const { ys, stats } = await odeint(field, z, [timeSpan[1], timeSpan[0]], options);
    const x = tf.tidy(() => ys.slice(1, 1).reshape(z.shape));
    ys.dispose();
    return { x, nfe: stats.nfe, seconds: (performance.now() - started) / 1000 };
  } finally {
    z.dispose();
  }
}
