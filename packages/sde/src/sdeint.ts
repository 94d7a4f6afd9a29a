import type { Solution } from '@gen/core';
import { runAsync } from '@gen/ode/internal';
import type * as tf from '@tensorflow/tfjs';
import type { SdeOptions } from './options.js';
import { resolveSettings } from './settings.js';
import { solve } from './solve.js';
import type { Sde } from './types.js';

/**
 * Solves the SDE dx = f(t, x) dt + g(t, x) dW for a batch of states, returning the solution at the times `ts`.
 *
 * @remarks
 * Methods by name: `'euler'` (Euler–Maruyama, Itô, every noise type), `'milstein'` (diagonal or additive noise),
 * `'heun'` (stochastic Heun, Stratonovich), `'srk'` (SRA1, additive noise); an Itô method refuses a Stratonovich
 * SDE and vice versa. Fixed steps split each interval between output times into equal steps of at most
 * `stepSize`; with `adaptive: true` the steps are chosen by step doubling on the dyadic times of a `BrownianPath`
 * (`bm`), from `firstStep`, down to `minStep`, under `rtol`/`atol`. The solver asks the Brownian source for each
 * increment and never draws noise itself, so solves with different steps on one `bm` follow one sample path. `ts`
 * may decrease (reverse time, as diffusion samplers run). Drift and diffusion are called through `evaluateField`
 * of `@gen/core` (inside `tf.tidy`, values cloned): they may allocate, return `x` or a tensor they keep, and must
 * be synchronous. `stats.nfe` counts drift and diffusion evaluations together. The methods' orders, the adaptive
 * controller's rules and the cost of each are in the solver guide (docs/guides/04-choosing-a-solver.md).
 *
 * @param sde - The SDE: drift, diffusion, noise type, kind.
 * @param y0 - Initial states [N, D], float32, finite; not disposed.
 * @param ts - Output times, strictly monotone; `ts[0]` is the time of `y0`.
 * @param options - Method, step sizes, Brownian path, seed, tolerances.
 * @returns `ys` of shape [ts.length, N, D] (owned by the caller), counters and status.
 * @throws `InvalidArgumentError` / `ShapeError` naming the bad argument: an unknown method or one that does not fit
 *   the SDE, a non-positive step, non-monotone `ts`, a drift or diffusion of the wrong shape (or a Promise), a fixed
 *   grid of more than `options.maxSteps` steps (`options.stepSize`); adaptive: `options.bm` not a `BrownianPath`,
 *   `options.stepSize` given, `options.minStep` > `options.firstStep`, an output time `ts[i]` off the path's dyadic
 *   grid. `NumericalError` when the state becomes non-finite, the step underflows or the budget runs out, with
 *   `throwOnFailure` true (the default).
 * @example
 * ```ts
 * const gbm: Sde = { noise: 'diagonal', drift: (t, x) => tf.mul(x, 0.5), diffusion: (t, x) => x.clone() };
 * const { ys } = await sdeint(gbm, tf.ones([10_000, 1]), [0, 1], { method: 'milstein', stepSize: 1e-3, seed: 1 });
 * // Adaptive steps on one seeded Brownian path:
 * const bm = new BrownianPath({ shape: [10_000, 1], t0: 0, t1: 1, seed: 1 });
 * const adaptive = await sdeint(gbm, tf.ones([10_000, 1]), [0, 1], { method: 'milstein', adaptive: true, bm });
 * ```
 * @see Kloeden & Platen 1992; Li, Wong, Chen & Duvenaud 2020 (torchsde); Kidger 2021 (diffrax).
 */
export async function sdeint(
  sde: Sde,
  y0: tf.Tensor,
  ts: readonly number[],
  options: SdeOptions = {},
): Promise<Solution> {
  return runAsync(solve(resolveSettings(sde, y0, ts, options)));
}
