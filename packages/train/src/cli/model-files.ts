import { InvalidArgumentError, StandardNormal } from '@gen/core';
import { METHOD_NAMES, type SampleOptions, sample } from '@gen/ode';
import { getSampler } from '@gen/sde';
import * as tf from '@tensorflow/tfjs';
import { guidedField } from '../conditioning/index.js';
import { type GenModel, loadModel } from '../models/index.js';
import { OBJECTIVES, type ObjectiveName } from '../objectives/index.js';
import { requireFile } from './paths.js';
import { asInputError, readRun } from './run-files.js';
import { selectBackend } from './select-backend.js';

/** A trained model loaded from a `gen train` folder or a `.safetensors` file, with what is needed to sample it. */
export interface LoadedRun {
  /** The model, an MLP on points or a U-Net on images (dispose when done). */
  model: GenModel;
  /** How it is sampled: the run's objective, or `--objective` (default `cfm`, a flow) for a model file. */
  objective: ObjectiveName;
  /** The run's data set; undefined for a model file (which does not say). */
  data: string | undefined;
  /** Where an output called `name` goes: `<folder>/<name>`, or `<dir>/<stem>.<name>` next to `<stem>.safetensors`. */
  outputPath(name: string): string;
  /** The backend in use. */
  backend: string;
}

/**
 * The shape of one sample of a model: `[D]` for an MLP on points, `[H, W, C]` for a U-Net on images.
 *
 * @param model - A loaded model.
 * @returns The sample shape (a new array).
 * @example
 * ```ts
 * sampleShapeOf(loaded.model); // [2] for a moons run, [28, 28, 1] for an mnist run
 * ```
 */
export function sampleShapeOf(model: GenModel): number[] {
  return 'imageShape' in model.config ? [...model.config.imageShape] : [model.config.dim];
}

/**
 * Whether a model works on images (a U-Net) rather than points (an MLP).
 *
 * @param model - A loaded model.
 * @returns True for an image model.
 * @example
 * ```ts
 * if (isImageModel(loaded.model)) console.log('a U-Net');
 * ```
 */
export function isImageModel(model: GenModel): boolean {
  return 'imageShape' in model.config;
}

/**
 * Whether a `--model` value names a model file (`.safetensors`, any case) rather than a run folder.
 *
 * @param path - The `--model` value.
 * @returns True for a model file.
 * @example
 * ```ts
 * isModelFile('moons.safetensors'); // true
 * ```
 */
export function isModelFile(path: string): boolean {
  return path.toLowerCase().endsWith('.safetensors');
}

/**
 * Loads the model of a `gen train` folder, or a `.safetensors` model file (written by `gen export`, `saveModel` or
 * `python/gen_torch.py`), on the chosen backend, checking the path first.
 *
 * @remarks
 * A run folder says how its model is sampled (run.json's objective); `objective`, when given, must agree with it.
 * A model file does not: it is sampled with `objective`, by default `cfm` (a flow integrated from t = 1 to 0),
 * which fits every flow objective (cfm, ot-cfm, rectified-flow, …) and models trained by `python/train_ddp.py`.
 *
 * @param path - The model folder or file (`--model`).
 * @param backendName - The `--backend` value.
 * @param objective - The `--objective` value, if given.
 * @returns The model, how to sample it, its data set if known, and the backend.
 * @throws `InvalidArgumentError` naming `--model` when the folder is missing, lacks run.json or model/, or its
 *   model (or the model file) cannot be read; naming `--objective` when it contradicts the run's;
 *   `BackendUnavailableError` for `--backend`.
 * @example
 * ```ts
 * const { model, objective } = await loadRun('runs/moons', 'auto');
 * const fromFile = await loadRun('moons.safetensors', 'auto'); // objective 'cfm'
 * ```
 */
export async function loadRun(path: string, backendName: string, objective?: ObjectiveName): Promise<LoadedRun> {
  const { basename, dirname, join } = await import('node:path');
  if (isModelFile(path)) {
    const expected = 'a readable .safetensors model file';
    await requireFile(path, '--model', expected);
    const backend = await selectBackend(backendName);
    try {
      const model = await loadModel(path);
      const stem = join(dirname(path), basename(path).slice(0, -'.safetensors'.length));
      return { model, objective: objective ?? 'cfm', data: undefined, outputPath: (n) => `${stem}.${n}`, backend };
    } catch (error) {
      throw asInputError(error, '--model', expected, path);
    }
  }
  const run = await readRun(path);
  if (objective !== undefined && objective !== run.objective) {
    throw new InvalidArgumentError(
      '--objective',
      `the run's objective "${run.objective}" (or leave it out)`,
      objective,
      '--objective is for .safetensors model files, which do not record one.',
    );
  }
  const backend = await selectBackend(backendName);
  const modelDir = join(path, 'model');
  try {
    const model = await loadModel(`file://${modelDir}`);
    return { model, objective: run.objective, data: run.data, outputPath: (n) => join(path, n), backend };
  } catch (error) {
    throw asInputError(error, '--model', 'a folder written by `gen train` with a readable model/', modelDir);
  }
}

/**
 * The data set an `eval` or `plot` draws: `--data`, else the run's; a model file needs `--data`.
 *
 * @param loaded - The loaded model.
 * @param data - The `--data` value, if given.
 * @returns The data set's name or file.
 * @throws `InvalidArgumentError` naming `--data` for a model file without it.
 * @example
 * ```ts
 * const data = await resolveData(dataOf(loaded, flags.data));
 * ```
 */
export function dataOf(loaded: LoadedRun, data: string | undefined): string {
  const name = data ?? loaded.data;
  if (name === undefined) {
    throw new InvalidArgumentError(
      '--data',
      'a data set (a toy name or a .csv/.npy file)',
      'nothing',
      'A .safetensors model file does not record the data it was trained on.',
    );
  }
  return name;
}

/** Samples drawn by {@link drawSamples}, and their cost. */
export interface DrawnSamples {
  /** The samples [n, ...sampleShape] ([n, D] or [n, H, W, C]), owned by the caller. */
  x: tf.Tensor;
  /** Model evaluations. */
  nfe: number;
  /** Wall-clock seconds. */
  seconds: number;
}

/**
 * Draws samples from a trained model with any sampler of the table: N(0, I) noise (seeded) taken by `sample` of
 * `@gen/ode` from the end of the model's time span back to its start, for points [n, D] and images [n, H, W, C]
 * alike (the image noise is the same draw as for points of dimension H·W·C, reshaped).
 *
 * @remarks
 * With `conditioning`, a class-conditional model is sampled through `guidedField` (one label per sample and the
 * guidance weight w ≥ 0; w = 0 is the conditional field itself); without it, a class-conditional model is sampled
 * with its "no class" label (unconditionally).
 *
 * @param loaded - The loaded run.
 * @param n - Number of samples.
 * @param options - The sampler: `method`, and `steps` or `rtol` / `atol` / `maxSteps` as the method takes.
 * @param seed - Seed of the noise (and of a stochastic sampler's draws).
 * @param conditioning - For a class-conditional model: one label per sample (0..K−1) and the guidance weight.
 * @returns The samples and their cost.
 * @throws `InvalidArgumentError` naming `--method` when a diffusion sampler is asked of a flow model;
 *   `NumericalError` when the solve fails (e.g. its step budget runs out).
 * @example
 * ```ts
 * const { x, nfe } = await drawSamples(loaded, 10_000, { method: 'rk4', steps: 20 }, 0);
 * ```
 */
export async function drawSamples(
  loaded: LoadedRun,
  n: number,
  options: Omit<SampleOptions, 'seed' | 'prior' | 'timeSpan'>,
  seed: number,
  conditioning?: { labels: Int32Array; guidance: number },
): Promise<DrawnSamples> {
  const field = conditioning === undefined ? loaded.model : guidedField(loaded.model, conditioning);
  const problem = OBJECTIVES[loaded.objective].samplingField(field);
  const method = options.method ?? 'dopri5';
  if (getSampler(method, '--method').needsDiffusion && !Object.hasOwn(problem.samplers, method)) {
    throw new InvalidArgumentError(
      '--method',
      `an ODE method for a model trained with --objective ${loaded.objective} (${METHOD_NAMES.join(', ')})`,
      method,
      `${method} samples diffusion models (--objective dsm).`,
    );
  }
  const shape = sampleShapeOf(loaded.model);
  const prior = new StandardNormal(shape.reduce((a, b) => a * b, 1));
  const started = performance.now();
  if (shape.length === 1) {
    const { x, stats } = await sample(problem, n, { ...options, prior, seed });
    return { x, nfe: stats.nfe, seconds: (performance.now() - started) / 1000 };
  }
  const z = tf.tidy(() => prior.sample(n, seed).reshape([n, ...shape]));
  const { x, stats } = await sample(problem, z, { ...options, seed }).finally(() => z.dispose());
  return { x, nfe: stats.nfe, seconds: (performance.now() - started) / 1000 };
}
