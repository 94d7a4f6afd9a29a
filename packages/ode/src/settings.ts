import { InvalidArgumentError, type VectorField } from '@gen/core';
import {
  assertFiniteTensor,
  assertFixedGrid,
  assertInteger,
  assertMonotoneTimes,
  assertNonNegative,
  assertPositive,
  assertTensor,
} from '@gen/core/internal';
import type * as tf from '@tensorflow/tfjs';
import type { OdeOptions } from './options.js';
import { getMethod } from './registry.js';
import type { SolveSettings } from './solve.js';
import { piFactor } from './step-size/pi.js';

/**
 * Validates the public arguments of a solve once and fills in the defaults.
 *
 * @param f - The vector field.
 * @param y0 - The initial state.
 * @param ts - The output times, strictly monotone.
 * @param options - The public options.
 * @returns Settings for the solver loop.
 * @throws `InvalidArgumentError` naming the first bad argument.
 */
export function resolveSettings(
  f: VectorField,
  y0: tf.Tensor,
  ts: readonly number[],
  options: OdeOptions,
): SolveSettings {
  if (typeof f !== 'function') throw new InvalidArgumentError('f', 'a function (t, y) => tf.Tensor', f);
  assertTensor('y0', y0, { dtype: 'float32' });
  assertFiniteTensor('y0', y0);
  assertMonotoneTimes('ts', ts);
  const tableau = getMethod(options.method ?? 'dopri5');
  const optional = (name: keyof OdeOptions, check: (p: string, v: unknown) => number): number | undefined =>
    options[name] === undefined ? undefined : check(`options.${name}`, options[name]);
  const stepSize = optional('stepSize', assertPositive);
  const maxStep =
    options.maxStep === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : optional('maxStep', assertPositive);
  for (const name of ['event', 'onStep'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new InvalidArgumentError(`options.${name}`, 'a function', options[name]);
    }
  }
  const adaptive = tableau.adaptive && stepSize === undefined;
  const maxSteps = options.maxSteps === undefined ? 10_000 : assertInteger('options.maxSteps', options.maxSteps, 1);
  if (!adaptive)
    assertFixedGrid(ts, stepSize, maxSteps, { stepSize: 'options.stepSize', maxSteps: 'options.maxSteps' });
  return {
    f,
    y0,
    ts: [...ts],
    tableau,
    adaptive,
    rtol: optional('rtol', assertPositive) ?? 1e-5,
    atol: optional('atol', assertPositive) ?? 1e-5,
    stepSize,
    firstStep: optional('firstStep', assertPositive),
    minStep: optional('minStep', assertNonNegative) ?? 0,
    maxStep: maxStep ?? Number.POSITIVE_INFINITY,
    maxSteps,
    throwOnFailure: options.throwOnFailure ?? true,
    event: options.event,
    onStep: options.onStep,
    piFactor: piFactor(tableau.errorOrder ?? tableau.order, options.controller ?? {}),
    errorElements: undefined,
  };
}
