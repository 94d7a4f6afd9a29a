import type { VectorField } from '@gen/core';
import type * as tf from '@tensorflow/tfjs';
import { initialStep } from '../initial-step.js';
import type { Readbacks } from '../readback.js';
import type { SolveSettings } from '../solve.js';
import { constantStepSize } from './constant.js';
import type { StepFailure, StepSizeController } from './controller.js';
import { PIController } from './pi.js';

/**
 * The step-size controller of an ODE solve: constant steps for fixed-step methods (or a given `stepSize`), PI
 * control otherwise, starting from `firstStep` or Hairer's initial step (one field evaluation, one readback).
 *
 * @param settings - The validated solve.
 * @param f - The counted field.
 * @param t0 - The start time.
 * @param y0 - The start state; not disposed.
 * @param f0 - f(t0, y0); not disposed.
 * @returns The controller; when no first step can be chosen, one whose first proposal is that failure.
 */
export function* startController(
  settings: SolveSettings,
  f: VectorField,
  t0: number,
  y0: tf.Tensor,
  f0: tf.Tensor,
): Readbacks<StepSizeController> {
  if (!settings.adaptive) return constantStepSize(settings.stepSize);
  const tEnd = settings.ts[settings.ts.length - 1] as number;
  const direction = Math.sign(tEnd - t0) || 1;
  const { tableau, rtol, atol, minStep, maxStep } = settings;
  const first =
    settings.firstStep ??
    (yield* initialStep(f, t0, y0, f0, direction, Math.abs(tEnd - t0), tableau.order, rtol, atol));
  if (typeof first !== 'number') return failed(first);
  return new PIController(settings.piFactor, first, { tEnd, direction, minStep, maxStep });
}

/** A controller that cannot start: its every proposal is the failure. */
function failed(failure: StepFailure): StepSizeController {
  return { adaptive: true, propose: () => failure, adapt: () => false };
}
