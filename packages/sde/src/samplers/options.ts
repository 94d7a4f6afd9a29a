import { assertInteger, assertOneOf, assertTensor, deriveSeed, InvalidArgumentError } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import type { DiffusionProcess } from '../processes/process.js';
import { type DiffusionModel, MODEL_PREDICTIONS, ModelAdapter, type ModelPrediction } from './model.js';

/**
 * Options shared by every sampler: where to start, the model's prediction type, the seed and the end time.
 *
 * @remarks
 * Give either `xT` (the starting points at t = 1) or `n` and `dim` (then x_T is drawn from the process's prior
 * with seed `deriveSeed(seed, 0)`). Sampling runs from t = 1 down to `tEnd` > 0, since the score is singular at
 * t = 0 on real data.
 */
export interface SamplerOptions {
  /** Number of samples N, drawn from the prior with `dim` (required unless `xT` is given). */
  n?: number;
  /** Dimension D of each sample (required unless `xT` is given). */
  dim?: number;
  /** Starting points x_T at t = 1, float32 [N, D]; not disposed. Excludes `n` and `dim`. */
  xT?: tf.Tensor;
  /** Seed of the prior draw and of every noise draw (default 0). */
  seed?: number;
  /** What the model predicts (default `'score'`). */
  prediction?: ModelPrediction;
  /** The final time, in (0, 1) (default 1e-3; VE models are often sampled to 1e-5). */
  tEnd?: number;
}

/** The result of a sampler. */
export interface SamplerResult {
  /** The samples at `tEnd`, float32 [N, D], owned by the caller. */
  x: tf.Tensor;
  /** The number of model evaluations. */
  nfe: number;
}

/** A validated sampling set-up: the start (owned by the sampler), the wrapped model, the seed and the end time. */
export interface SamplingSetup {
  /** x_T, a new tensor the sampler owns and must dispose. */
  start: tf.Tensor;
  /** The model, converting to any target and counting evaluations. */
  model: ModelAdapter;
  /** The seed. */
  seed: number;
  /** The final time. */
  tEnd: number;
}

/** The default final time of the samplers. */
export const DEFAULT_T_END = 1e-3;

/**
 * Validates the process, the model and the shared options, then produces the starting points.
 *
 * @remarks
 * Validates everything before allocating, so a bad option never leaks a tensor; call it after validating any
 * sampler-specific option.
 *
 * @param process - The diffusion process.
 * @param model - The model.
 * @param options - The shared options.
 * @param defaultTEnd - The final time used when `options.tEnd` is absent.
 * @returns The set-up; the caller owns `start`.
 * @throws `InvalidArgumentError` naming `process`, `model`, `options.prediction`, `options.tEnd`,
 *   `options.seed`, `options.n`, `options.dim` or `options.xT`; `ShapeError` naming `options.xT` when it is not
 *   rank 2.
 * @example
 * ```ts
 * const { start, model, seed, tEnd } = setUpSampling(process, model, { n: 1000, dim: 2 });
 * ```
 */
export function setUpSampling(
  process: DiffusionProcess,
  model: DiffusionModel,
  options: SamplerOptions,
  defaultTEnd = DEFAULT_T_END,
): SamplingSetup {
  const adapter = adaptModel(process, model, options.prediction);
  const tEnd = resolveTEnd(options.tEnd, defaultTEnd);
  const seed = assertInteger('options.seed', options.seed ?? 0);
  const { n, dim, xT } = options;
  if (xT !== undefined) {
    assertTensor('options.xT', xT, { rank: 2, dtype: 'float32' });
    if (n !== undefined || dim !== undefined) {
      const parameter = n !== undefined ? 'options.n' : 'options.dim';
      throw new InvalidArgumentError(parameter, 'to be omitted when options.xT is given', n ?? dim);
    }
    return { start: tf.clone(xT), model: adapter, seed, tEnd };
  }
  const hint = 'Pass n and dim, or the starting points xT.';
  if (n === undefined) throw new InvalidArgumentError('options.n', 'a positive integer', n, hint);
  if (dim === undefined) throw new InvalidArgumentError('options.dim', 'a positive integer', dim, hint);
  assertInteger('options.n', n, 1);
  assertInteger('options.dim', dim, 1);
  return { start: process.priorSample([n, dim], deriveSeed(seed, 0)), model: adapter, seed, tEnd };
}

/**
 * Validates a process, a model and a prediction type, and wraps the model.
 *
 * @param process - Must be a {@link DiffusionProcess}.
 * @param model - Must be a function.
 * @param prediction - A {@link ModelPrediction} (default `'score'`).
 * @returns The wrapped model.
 * @throws `InvalidArgumentError` naming `process`, `model` or `options.prediction`.
 * @example
 * ```ts
 * const adapter = adaptModel(new VPSDE(), model, 'noise');
 * ```
 */
export function adaptModel(process: DiffusionProcess, model: DiffusionModel, prediction: unknown): ModelAdapter {
  if (typeof process !== 'object' || process === null || typeof process.marginal !== 'function') {
    throw new InvalidArgumentError('process', 'a DiffusionProcess (e.g. new VPSDE())', process);
  }
  if (typeof model !== 'function') throw new InvalidArgumentError('model', 'a function (t, x) => tensor', model);
  return new ModelAdapter(process, model, assertOneOf('options.prediction', prediction ?? 'score', MODEL_PREDICTIONS));
}

/**
 * Validates a final time.
 *
 * @param tEnd - The value given, or `undefined`.
 * @param fallback - The default.
 * @returns A time in (0, 1).
 * @throws `InvalidArgumentError` naming `options.tEnd` when it is not a number in (0, 1).
 * @example
 * ```ts
 * resolveTEnd(undefined, 1e-3); // 1e-3
 * ```
 */
export function resolveTEnd(tEnd: unknown, fallback: number): number {
  const value = tEnd ?? fallback;
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new InvalidArgumentError('options.tEnd', 'a time in (0, 1)', value, 'The score is singular at t = 0.');
  }
  return value;
}

/**
 * Most steps a sampler takes: each is one model evaluation on the whole batch (1 000 is the usual reverse-SDE
 * count), and the time grid is built before the first step, so a count like 1e9 would fail for memory, not time.
 */
export const MAX_SAMPLER_STEPS = 1_000_000;

/**
 * Validates a step count.
 *
 * @param steps - The value given, or `undefined`.
 * @param fallback - The default.
 * @returns An integer in 1…{@link MAX_SAMPLER_STEPS}.
 * @throws `InvalidArgumentError` naming `options.steps`.
 * @example
 * ```ts
 * resolveSteps(undefined, 1000); // 1000
 * ```
 */
export function resolveSteps(steps: unknown, fallback: number): number {
  const count = assertInteger('options.steps', steps ?? fallback, 1);
  if (count > MAX_SAMPLER_STEPS) {
    throw new InvalidArgumentError(
      'options.steps',
      `an integer 1…${MAX_SAMPLER_STEPS}`,
      count,
      'Each step evaluates the model on the whole batch; samplers need tens to a few thousand.',
    );
  }
  return count;
}

/**
 * Validates a boolean option.
 *
 * @param parameter - Its name for the error message.
 * @param value - The value given, or `undefined`.
 * @param fallback - The default.
 * @returns The flag.
 * @throws `InvalidArgumentError` naming `parameter` when the value is not a boolean.
 * @example
 * ```ts
 * resolveFlag('options.denoise', undefined, true); // true
 * ```
 */
export function resolveFlag(parameter: string, value: unknown, fallback: boolean): boolean {
  const flag = value ?? fallback;
  if (typeof flag !== 'boolean') throw new InvalidArgumentError(parameter, 'a boolean', flag);
  return flag;
}
