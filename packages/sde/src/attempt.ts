import { errorNorm } from '@gen/ode/internal';
import * as tf from '@tensorflow/tfjs';
import { type SdeSolver, type StepNoise, type StepResult, StepStart } from './solvers/index.js';

/** One attempted step: the new state, its error estimate when step doubling made one, and its own evaluations. */
export interface Attempt {
  /** The proposed state, owned by the caller. */
  readonly x: tf.Tensor;
  /** The scaled error norm (a scalar tensor owned by the caller), for step doubling only. */
  readonly error: tf.Tensor | undefined;
  /** Drift and diffusion evaluations made outside the start's {@link StepStart}. */
  readonly nfe: number;
}

/**
 * One step of the method from `start` to `t1`, on the noise of that interval.
 *
 * @param solver - The method.
 * @param start - The start (t, x) with its coefficients; not disposed.
 * @param t1 - The end time.
 * @param noiseFor - The Brownian increment (and Lévy area) over an interval; freed here.
 * @param h - The step size (default `t1 − start.t`; a fixed grid's own step otherwise).
 * @returns The new state (owned by the caller) and the evaluations made outside `start`.
 * @example
 * ```ts
 * const { x, nfe } = singleStep(eulerMaruyama, start, 0.01, (ta, tb) => ({ dW: bm.increment(ta, tb) }));
 * ```
 */
export function singleStep(
  solver: SdeSolver,
  start: StepStart,
  t1: number,
  noiseFor: (ta: number, tb: number) => StepNoise,
  h = t1 - start.t,
): StepResult {
  const noise = noiseFor(start.t, t1);
  try {
    return solver.step(start.sde, start.t, start.x, h, noise, start);
  } finally {
    tf.dispose([noise.dW, noise.levyArea]);
  }
}

/**
 * Step doubling: one step of h = t1 − t against two of h/2 on the same Brownian path, with their error norm
 * RMS(|y_two − y_one| / (atol + rtol·max(|x|, |y_two|))) over the whole batch; the solve goes on from y_two.
 *
 * @remarks
 * The full step and the first half step read their start's coefficients from `start`; `nfe` counts the others.
 *
 * @param solver - The method.
 * @param start - The start; not disposed.
 * @param tMid - The midpoint.
 * @param t1 - The end time.
 * @param noiseFor - The path's noise over an interval.
 * @param rtol - Relative tolerance.
 * @param atol - Absolute tolerance.
 * @returns y_two and the error norm (both owned by the caller), and the evaluations made outside `start`.
 * @example
 * ```ts
 * const { x, error } = doublingStep(milstein, start, 0.5, 1, noiseFor, 1e-2, 1e-2);
 * ```
 */
export function doublingStep(
  solver: SdeSolver,
  start: StepStart,
  tMid: number,
  t1: number,
  noiseFor: (ta: number, tb: number) => StepNoise,
  rtol: number,
  atol: number,
): Attempt {
  const one = singleStep(solver, start, t1, noiseFor);
  let half: StepResult | undefined;
  let middle: StepStart | undefined;
  try {
    half = singleStep(solver, start, tMid, noiseFor);
    middle = new StepStart(start.sde, tMid, half.x);
    const two = singleStep(solver, middle, t1, noiseFor);
    const error = tf.tidy(() => errorNorm(tf.sub(two.x, one.x), start.x, two.x, rtol, atol));
    return { x: two.x, error, nfe: one.nfe + half.nfe + two.nfe + middle.nfe };
  } finally {
    middle?.dispose();
    tf.dispose([one.x, half?.x]);
  }
}
