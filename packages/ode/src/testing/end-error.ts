import { linearOdeProblem } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { odeint } from '../odeint.js';
import type { OdeOptions } from '../options.js';

/** The initial points of the linear problems: two, so that the batch dimension is exercised. */
const POINTS = [
  [1, 0],
  [0.5, -1],
];

/**
 * The Euclidean error of a solve of dy/dt = A·y from t0 to t1 at its end, against the matrix-exponential solution
 * (smooth under rotation, unlike a max norm). Disposes every tensor it creates.
 *
 * @param a - The system matrix.
 * @param t0 - Start time; the initial points are the exact solution there.
 * @param t1 - End time.
 * @param options - `odeint` options (method, step size or tolerances).
 * @returns The error and the solve's number of field evaluations.
 */
export async function endError(
  a: readonly (readonly number[])[],
  t0: number,
  t1: number,
  options: OdeOptions,
): Promise<{ error: number; nfe: number }> {
  const problem = linearOdeProblem(a, POINTS);
  const y0 = tf.tensor2d(problem.solution(t0));
  try {
    const { ys, stats } = await odeint(problem.field, y0, [t0, t1], options);
    const last = tf.tidy(() => ys.slice([1], [1]));
    const values = await last.data();
    tf.dispose([ys, last]);
    const exact = problem.solution(t1).flat();
    return { error: Math.hypot(...Array.from(values, (v, i) => v - (exact[i] as number))), nfe: stats.nfe };
  } finally {
    y0.dispose();
    problem.dispose();
  }
}
