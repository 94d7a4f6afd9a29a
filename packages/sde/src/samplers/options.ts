import { InvalidArgumentError } from '@gen/core';
import { assertOneOf } from '@gen/core/internal';
import type { DiffusionProcess } from '../processes/process.js';
import { type DiffusionModel, MODEL_PREDICTIONS, ModelAdapter, type ModelPrediction } from './model.js';

/** The default final time of diffusion sampling, where the score stops being trusted (score_sde's 1e-3). */
export const DEFAULT_T_END = 1e-3;

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
 * Checks that a diffusion sampler's span lies where the process and the score are defined.
 *
 * @param timeSpan - [t0, t1] with t0 < t1 (already checked by `sample`).
 * @returns The span.
 * @throws `InvalidArgumentError` naming `options.timeSpan` unless 0 < t0 and t1 ≤ 1.
 * @example
 * ```ts
 * diffusionSpan([1e-3, 1]); // [1e-3, 1]
 * ```
 */
export function diffusionSpan(timeSpan: readonly [number, number]): readonly [number, number] {
  if (!(timeSpan[0] > 0 && timeSpan[1] <= 1)) {
    throw new InvalidArgumentError(
      'options.timeSpan',
      'a span [t0, t1] with 0 < t0 < t1 ≤ 1',
      timeSpan,
      'The score is singular at t = 0.',
    );
  }
  return timeSpan;
}

/**
 * Validates a boolean setting.
 *
 * @param parameter - Its name for the error message.
 * @param value - The value given, or `undefined`.
 * @param fallback - The default.
 * @returns The flag.
 * @throws `InvalidArgumentError` naming `parameter` when the value is not a boolean.
 * @example
 * ```ts
 * resolveFlag('options.settings.denoise', undefined, true); // true
 * ```
 */
export function resolveFlag(parameter: string, value: unknown, fallback: boolean): boolean {
  const flag = value ?? fallback;
  if (typeof flag !== 'boolean') throw new InvalidArgumentError(parameter, 'a boolean', flag);
  return flag;
}
