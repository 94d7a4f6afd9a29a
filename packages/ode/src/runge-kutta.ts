import { linearCombination, type VectorField } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import type { ButcherTableau } from './tableaus/index.js';

/** The tensors of one explicit Runge–Kutta step attempt; the caller owns them all. */
export interface RungeKuttaStep {
  /** The proposed solution y(t + h). */
  y1: tf.Tensor;
  /** The stages k₁…k_s (k₁ is the caller's, passed in; the rest are new). */
  stages: tf.Tensor[];
  /** The local error estimate h·Σ eᵢkᵢ (adaptive methods only). */
  error: tf.Tensor | undefined;
}

/**
 * One explicit Runge–Kutta step of any tableau: the single generic step every method uses.
 *
 * @remarks
 * Stage i is kᵢ = f(t + cᵢh, y + h·Σⱼ aᵢⱼkⱼ); the result is y + h·Σ bᵢkᵢ and the error estimate h·Σ eᵢkᵢ. Each
 * weighted sum is one {@link linearCombination} call (fused where the backend provides the kernel). Coefficient
 * products h·aᵢⱼ are float64 on the host.
 *
 * @param f - The vector field.
 * @param tableau - The method.
 * @param t - Start time.
 * @param y - Start state; not disposed.
 * @param h - Step size (negative backwards).
 * @param k1 - f(t, y), already known (FSAL reuse or the previous step's last evaluation); not disposed.
 * @param withError - Whether to form the error estimate (adaptive steps only).
 * @returns The new state, all stages (`stages[0]` is `k1`), and the error estimate. New tensors belong to the caller.
 * @throws Whatever `f` throws, after freeing the stages it had made.
 */
export function rungeKuttaStep(
  f: VectorField,
  tableau: ButcherTableau,
  t: number,
  y: tf.Tensor,
  h: number,
  k1: tf.Tensor,
  withError: boolean,
): RungeKuttaStep {
  const stages: tf.Tensor[] = [k1];
  try {
    for (let i = 1; i < tableau.stages; i += 1) {
      const row = tableau.a[i] as readonly number[];
      const yi = linearCombination(
        y,
        stages,
        row.map((a) => h * a),
      );
      try {
        stages.push(f(t + (tableau.c[i] as number) * h, yi));
      } finally {
        yi.dispose();
      }
    }
    const y1 = linearCombination(
      y,
      stages,
      tableau.b.map((b) => h * b),
    );
    const bError = tableau.bError;
    const error =
      bError === undefined || !withError
        ? undefined
        : tf.tidy(() => tf.addN(stages.map((k, i) => tf.mul(k, h * (bError[i] as number)))));
    return { y1, stages, error };
  } catch (error) {
    // A field that throws part-way: free the stages made so far (k1 is the caller's).
    tf.dispose(stages.slice(1));
    throw error;
  }
}
