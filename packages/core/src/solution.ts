import type { Tensor } from '@tensorflow/tfjs';

/**
 * How a solve ended, the same for `odeint` and `sdeint`: `'success'`, `'event'` (a terminal event fired; ODEs
 * only), or a failure: `'max-steps'` (the step budget ran out), `'step-size-underflow'` (the step no longer moves t,
 * or fell below `minStep`), `'non-finite'` (the state or the field's values overflowed).
 */
export type SolveStatus = 'success' | 'event' | 'max-steps' | 'step-size-underflow' | 'non-finite';

/**
 * Counters of a solve, the same for `odeint` and `sdeint`.
 *
 * @example
 * ```ts
 * const { stats } = await odeint(f, y0, [0, 1]);
 * stats.steps === stats.accepted + stats.rejected; // true
 * ```
 */
export interface SolveStats {
  /** Function evaluations: of the vector field (ODEs), of drift and diffusion together (SDEs). */
  nfe: number;
  /** Step attempts (accepted + rejected). */
  steps: number;
  /** Accepted steps. */
  accepted: number;
  /** Rejected attempts (0 with fixed steps). */
  rejected: number;
}

/**
 * The result of a solve on output times `ts` (`odeint`, `sdeint`). The caller owns `ys`.
 *
 * @example
 * ```ts
 * const { ys, ts, stats, status } = await sdeint(sde, x0, [0, 0.5, 1], { stepSize: 1e-2 });
 * // ys: [3, N, D]; status: 'success'
 * ```
 */
export interface Solution {
  /** The solution at the output times reached: [ts.length, ...y0.shape] on success; owned by the caller. */
  ys: Tensor;
  /** The output times `ys` holds (all of the requested times on success; fewer after an event or a failure). */
  ts: number[];
  /** Counters. */
  stats: SolveStats;
  /** How the solve ended (failures only with `throwOnFailure: false`; otherwise they throw a `NumericalError`). */
  status: SolveStatus;
}
