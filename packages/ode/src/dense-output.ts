import { linearCombination } from '@gen/core';
import type * as tf from '@tensorflow/tfjs';
import type { ButcherTableau } from './tableaus/index.js';

/** An accepted step, kept long enough to interpolate inside it. */
export interface AcceptedStep {
  /** Start time. */
  readonly t0: number;
  /** Step size (negative backwards). */
  readonly h: number;
  /** State at t0. */
  readonly y0: tf.Tensor;
  /** State at t0 + h. */
  readonly y1: tf.Tensor;
  /** The step's stages k₁…k_s. */
  readonly stages: readonly tf.Tensor[];
  /** f(t0 + h, y1), the next step's first stage, evaluated on first use (owned by the solver loop). */
  readonly kNext: () => tf.Tensor;
  /** f(t0 + h, y1) if it is known by now (the last stage of an FSAL method, or evaluated by `kNext`). */
  readonly knownNext: () => tf.Tensor | undefined;
}

/**
 * An accepted step of a Runge–Kutta attempt, with the next step's first stage reused (FSAL) or evaluated on first
 * use.
 *
 * @param tableau - The method.
 * @param t0 - Start time.
 * @param h - Step size.
 * @param y0 - State at t0.
 * @param attempt - The attempt's new state and stages.
 * @param evaluateNext - Evaluates f(t0 + h, y1) (a new tensor the loop owns), called at most once.
 * @returns The step.
 */
export function acceptedStep(
  tableau: ButcherTableau,
  t0: number,
  h: number,
  y0: tf.Tensor,
  attempt: { readonly y1: tf.Tensor; readonly stages: readonly tf.Tensor[] },
  evaluateNext: () => tf.Tensor,
): AcceptedStep {
  let next = tableau.fsal ? attempt.stages[tableau.stages - 1] : undefined;
  return {
    t0,
    h,
    y0,
    y1: attempt.y1,
    stages: attempt.stages,
    kNext: () => {
      next ??= evaluateNext();
      return next;
    },
    knownNext: () => next,
  };
}

/**
 * Evaluates the method's dense output at time `t` inside an accepted step, at no extra field evaluation.
 *
 * @remarks
 * y(t0 + θh) = y0 + w·(y1 − y0) + h·Σ bᵢ(θ)kᵢ with the tableau's interpolant weights (dopri5's and tsit5's own
 * 4th-order polynomials, dopri8's 5th-order one; cubic Hermite through y0, y1, k₁ and f(t1, y1) otherwise), as one
 * linear combination.
 *
 * @param tableau - The method of the step.
 * @param step - The accepted step.
 * @param t - A time inside [t0, t0 + h].
 * @returns y(t), owned by the caller.
 */
export function interpolate(tableau: ButcherTableau, step: AcceptedStep, t: number): tf.Tensor {
  const theta = (t - step.t0) / step.h;
  if (theta === 1) return linearCombination(step.y1, [], []);
  const { y1Weight, stageWeights } = tableau.interpolant(theta);
  const needsEndSlope = !tableau.fsal && (stageWeights[tableau.stages] ?? 0) !== 0;
  const slopes = needsEndSlope ? [...step.stages, step.kNext()] : step.stages;
  return linearCombination(
    step.y0,
    [step.y0, step.y1, ...slopes],
    [-y1Weight, y1Weight, ...slopes.map((_, i) => step.h * (stageWeights[i] ?? 0))],
  );
}
