import type { VectorField } from '@gen/core';
import type * as tf from '@tensorflow/tfjs';
import type { OdeOptions, OdeSolution } from './options.js';
import { runAsync, runSync } from './readback.js';
import { resolveSettings } from './settings.js';
import { solve } from './solve.js';

/**
 * Solves dy/dt = f(t, y) for a batch of initial states, returning the solution at the times `ts`.
 *
 * @remarks
 * Explicit Runge–Kutta methods from one registry: fixed-step `euler`, `midpoint`, `heun`, `rk4` and adaptive
 * `bosh3`, `dopri5` (default), `tsit5`, `dopri8`. Adaptive methods control the step with a mixed RMS error norm
 * over the whole batch (accept when ‖e / (atol + rtol·max(|y0|, |y1|))‖ ≤ 1), pick the first step with Hairer's
 * algorithm, reuse the last stage (FSAL) and produce the requested times by dense output, so `ts` costs no extra
 * steps. `ts` may decrease (reverse time, e.g. sampling a flow from t = 1 to t = 0). Times, step sizes and
 * tolerances are float64 JS numbers; the state is a float32 tensor. Error norms are read back with `await data()`,
 * so a browser's main thread never blocks on the GPU.
 *
 * The field is called through `evaluateField` of `@gen/core`: inside `tf.tidy`, its value cloned, so it may
 * allocate intermediates, return `y` itself or a tensor it keeps; it must be synchronous. Failures: a non-finite
 * f(t0, y0), or tolerances so small that the scaled norms overflow float32, fail before the first step
 * (`non-finite`, `step-size-underflow`); an attempt whose error norm is not finite is rejected and, when shrinking
 * the step does not help, fails with `non-finite` naming the stage, t and step size (read back only on that path).
 * Fixed steps check the state's finiteness at each output time (one readback per output time, not per step), and
 * their grid is checked against `maxSteps` and float64 resolution before the first step.
 *
 * @param f - The vector field u(t, y); returns a tensor shaped like `y`.
 * @param y0 - The initial state, any shape (typically [N, D]), float32, finite; not disposed.
 * @param ts - Output times, strictly increasing or strictly decreasing; `ts[0]` is the time of `y0`.
 * @param options - Method, tolerances, step limits, event, progress callback.
 * @returns The solution: `ys` of shape [ts.length, ...y0.shape] (owned by the caller), counters and status.
 * @throws `InvalidArgumentError` / `ShapeError` for bad input (the message names the parameter), a field that
 *   returns a non-tensor (a Promise included) or the wrong shape (`f(t, y)`), or a fixed grid that needs more than
 *   `maxSteps` steps (`options.stepSize`); `NumericalError` when the solve fails and `throwOnFailure` is true (the
 *   default); whatever the field throws. Every tensor the solve made is freed on every path.
 * @example
 * ```ts
 * const f: VectorField = (t, y) => tf.neg(y);
 * const y0 = tf.tensor2d([[1, 2]]);
 * const { ys, stats } = await odeint(f, y0, [0, 0.5, 1], { method: 'dopri5', rtol: 1e-6, atol: 1e-6 });
 * // ys: [3, 1, 2] ≈ [[1, 2]], [[e^-0.5, 2e^-0.5]], [[e^-1, 2e^-1]]
 * ```
 * @see Dormand & Prince 1980; Hairer, Nørsett & Wanner, Solving ODEs I; Chen et al. 2018 (torchdiffeq).
 */
export async function odeint(
  f: VectorField,
  y0: tf.Tensor,
  ts: readonly number[],
  options: OdeOptions = {},
): Promise<OdeSolution> {
  return runAsync(solve(resolveSettings(f, y0, ts, options)));
}

/**
 * The same solve as {@link odeint}, synchronous, so that it can run inside `tf.grad` / `tf.variableGrads`
 * (discretise-then-optimise gradients through every stage, adaptive steps included).
 *
 * @remarks
 * Shares `odeint`'s solver loop; the only difference is that error norms are read with `dataSync()`. Gradients
 * flow through the accepted steps; step-size decisions are treated as constants, as in torchdiffeq.
 *
 * @param f - The vector field u(t, y).
 * @param y0 - The initial state, float32, finite; not disposed.
 * @param ts - Output times, strictly monotone.
 * @param options - As for {@link odeint}.
 * @returns The solution, as for {@link odeint}.
 * @throws As {@link odeint}.
 * @example
 * ```ts
 * const theta = tf.variable(tf.scalar(-0.5));
 * const f: VectorField = (t, y) => tf.mul(theta, y);
 * const { value, grads } = tf.variableGrads(() => {
 *   const { ys } = odeintSync(f, y0, [0, 1]);
 *   return ys.slice([1], [1]).sum().asScalar();
 * });
 * ```
 */
export function odeintSync(
  f: VectorField,
  y0: tf.Tensor,
  ts: readonly number[],
  options: OdeOptions = {},
): OdeSolution {
  return runSync(solve(resolveSettings(f, y0, ts, options)));
}
