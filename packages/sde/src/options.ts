import type { BrownianSource } from './types.js';

/**
 * What {@link SdeOptions.onStep} receives after every attempted step of an adaptive solve.
 *
 * @example
 * ```ts
 * const attempts: SdeStepInfo[] = [];
 * await sdeint(sde, y0, [0, 1], { adaptive: true, bm, onStep: (info) => attempts.push(info) });
 * ```
 */
export interface SdeStepInfo {
  /** The time the step started from. */
  readonly t: number;
  /** The signed step size attempted, (t1 − t0)·2⁻ᵏ of the Brownian path's span (negative backwards). */
  readonly h: number;
  /** The step-doubling error norm of the attempt (accepted iff ≤ 1; NaN or ∞ when the state overflowed). */
  readonly error: number;
  /** Whether the attempt was accepted. */
  readonly accepted: boolean;
}

/**
 * Options of `sdeint`. Step sizes are named as in `odeint`: `stepSize` for fixed steps; `firstStep`, `minStep`,
 * `rtol`, `atol` and `onStep` only with `adaptive: true`.
 *
 * @example
 * ```ts
 * const fixed: SdeOptions = { method: 'milstein', stepSize: 1e-2, seed: 1 };
 * const adaptive: SdeOptions = { adaptive: true, bm, firstStep: 0.1, minStep: 1e-3, rtol: 1e-2, atol: 1e-2 };
 * ```
 */
export interface SdeOptions {
  /** `'euler'` (Euler–Maruyama, default), `'milstein'`, `'heun'` (Stratonovich) or `'srk'` (SRA1, additive noise). */
  method?: string;
  /**
   * Largest step magnitude of fixed steps (default 1e-3): each interval between output times is split into equal
   * steps no longer than this. Not with `adaptive: true` (use `firstStep`).
   */
  stepSize?: number;
  /**
   * Choose the steps by step-doubling error control on the dyadic times of a `BrownianPath` (default false; see
   * the solver guide). Requires `bm` to be a `BrownianPath`.
   */
  adaptive?: boolean;
  /** First step of an adaptive solve (default 1e-3), rounded down to (t1 − t0)·2⁻ᵏ of the Brownian path's span. */
  firstStep?: number;
  /**
   * Smallest step magnitude of an adaptive solve before it fails with `step-size-underflow` (default: twice the
   * Brownian path's leaf width, the smallest step whose two halves still start and end on leaves).
   */
  minStep?: number;
  /** Relative tolerance of the step-doubling error norm (default 1e-2), > 0. */
  rtol?: number;
  /** Absolute tolerance of the step-doubling error norm (default 1e-2), > 0. */
  atol?: number;
  /**
   * Step budget (default 10 000): accepted and rejected attempts together. A fixed grid that needs more is refused
   * before the first step.
   */
  maxSteps?: number;
  /**
   * The Brownian motion to use. Default: independent seeded increments (and Lévy areas) on the solve's own grid,
   * which are exact Brownian increments and the cheapest noise; pass a `BrownianPath` to make several solves (with
   * different step sizes) follow one sample path.
   */
  bm?: BrownianSource;
  /** Seed of the default noise (default 0). */
  seed?: number;
  /** Throw a `NumericalError` on failure (default true); otherwise report it in the solution's `status`. */
  throwOnFailure?: boolean;
  /** Called after every attempted step of an adaptive solve (accepted or not), e.g. to record the step sizes. */
  onStep?: (info: SdeStepInfo) => void;
}
