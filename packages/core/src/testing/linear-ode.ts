import * as tf from '@tensorflow/tfjs';
import type { VectorField } from '../types.js';
import { expm } from './expm.js';

/** A linear ODE dy/dt = A·y on a batch of initial points, with its exact solution. */
export interface LinearOdeProblem {
  /** The system matrix A, D×D. */
  readonly a: readonly (readonly number[])[];
  /** The batch of initial points, [N, D] as rows. */
  readonly y0: readonly (readonly number[])[];
  /** The field u(t, y) = y·Aᵀ on a batch [N, D]. */
  readonly field: VectorField;
  /**
   * The exact solution y(t) = exp((t − t0)·A)·y0 for every point.
   *
   * @param t - The time.
   * @param t0 - The time at which y = y0 (default 0).
   * @returns [N, D] as rows, float64.
   */
  solution(t: number, t0?: number): number[][];
  /** Disposes the matrix tensor held by `field`. */
  dispose(): void;
}

/**
 * Builds a linear ODE test problem with a matrix-exponential solution (convergence-order tests).
 *
 * @param a - The D×D system matrix.
 * @param y0 - Initial points, N rows of length D.
 * @returns The problem; call `dispose()` when done (it owns one tensor).
 * @example
 * ```ts
 * const spiral = linearOdeProblem([[-0.1, 2], [-2, -0.1]], [[2, 0]]);
 * const exact = spiral.solution(25);
 * spiral.dispose();
 * ```
 */
export function linearOdeProblem(
  a: readonly (readonly number[])[],
  y0: readonly (readonly number[])[],
): LinearOdeProblem {
  const matrix = tf.tensor2d(a.map((row) => [...row]));
  const field: VectorField = (_t, y) => tf.matMul(y, matrix, false, true);
  return {
    a,
    y0,
    field,
    solution(t, t0 = 0) {
      const propagator = expm(a.map((row) => row.map((v) => v * (t - t0))));
      return y0.map((point) => propagator.map((row) => row.reduce((s, v, k) => s + v * (point[k] as number), 0)));
    },
    dispose: () => matrix.dispose(),
  };
}
