import { StandardNormal } from '@gen/core';
import { getMethod, odeint } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { loadMlpVectorField, type MlpVectorField } from '../models/index.js';
import { numberFlag } from './args.js';
import { samplingField } from './objectives.js';
import { type RunRecord, readRun } from './run-files.js';
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
 * Loads the model of a `gen train` folder (`--model`) on the chosen backend (`--backend`, default auto).
 *
 * @param flags - The command's flags.
 * @returns The model, its run record and the backend.
 * @throws `InvalidArgumentError` naming `--model` when the folder is missing or holds no model.
 * @example
 * ```ts
 * const { model, run } = await loadRun({ model: 'runs/moons' });
 * ```
 */
export async function loadRun(flags: Record<string, string>): Promise<LoadedRun> {
  const { join } = await import('node:path');
  const dir = flags.model ?? 'runs/moons';
  const run = await readRun(dir);
  const backend = await selectBackend(flags.backend);
  const model = await loadMlpVectorField(`file://${join(dir, 'model')}`);
  return { model, run, backend };
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
 * Draws samples from a trained model: N(0, I) noise integrated from the end of its time span back to the start,
 * with `--method` (default dopri5; fixed-step methods take `--steps`, default 20) and `--seed`.
 *
 * @param loaded - The loaded run.
 * @param n - Number of samples.
 * @param flags - The command's flags.
 * @returns The samples and their cost.
 * @throws `InvalidArgumentError` naming `--method` or `--steps`.
 * @example
 * ```ts
 * const { x, nfe } = await drawSamples(loaded, 10_000, { method: 'euler', steps: '20' });
 * ```
 */
export async function drawSamples(loaded: LoadedRun, n: number, flags: Record<string, string>): Promise<DrawnSamples> {
  const { field, timeSpan } = samplingField(loaded.model, loaded.run.objective);
  const method = flags.method ?? 'dopri5';
  const tableau = getMethod(method);
  const steps = numberFlag(flags, 'steps', 20, 'positive-integer');
  const seed = numberFlag(flags, 'seed', 0, 'non-negative-integer');
  const z = new StandardNormal(loaded.model.config.dim).sample(n, seed);
  const started = performance.now();
  try {
    const span = timeSpan[1] - timeSpan[0];
    const options = tableau.adaptive ? { method, rtol: 1e-5, atol: 1e-5 } : { method, stepSize: span / steps };
    const { ys, stats } = await odeint(field, z, [timeSpan[1], timeSpan[0]], options);
    const x = tf.tidy(() => ys.slice(1, 1).reshape(z.shape));
    ys.dispose();
    return { x, nfe: stats.nfe, seconds: (performance.now() - started) / 1000 };
  } finally {
    z.dispose();
  }
}
