import { GenError } from './gen-error.js';

/**
 * Why a numerical computation stopped without an answer.
 *
 * - `non-finite`: a NaN or an infinity appeared in the state or in an error estimate.
 * - `step-size-underflow`: an adaptive solver needed a step smaller than its minimum (or than the float64
 *   spacing of t), which usually means a singularity or extreme stiffness.
 * - `max-steps`: the step budget ran out before the end time.
 * - `not-converged`: an iterative method (Sinkhorn, root finding) reached its iteration limit.
 */
export type NumericalFailure = 'non-finite' | 'step-size-underflow' | 'max-steps' | 'not-converged';

/**
 * A numerical method failed: NaN or infinity, step size underflow, step budget exhausted, no convergence.
 *
 * @remarks
 * Carries a machine-readable {@link NumericalFailure} in `reason` and, when known, the time `t` at which the
 * failure happened, so callers can report or recover.
 *
 * @example
 * ```ts
 * throw new NumericalError('max-steps', 'odeint reached maxSteps = 10000 at t = 0.73 before t1 = 1.', { t: 0.73 });
 * ```
 */
export class NumericalError extends GenError {
  static override readonly kind: string = 'NumericalError';

  /** What went wrong, machine-readable. */
  readonly reason: NumericalFailure;
  /** The time (or iteration) at which it went wrong, when there is one. */
  readonly t: number | undefined;

  /**
   * Creates the error with its machine-readable reason.
   *
   * @param reason - The kind of failure.
   * @param message - What happened and how to fix it.
   * @param details - Optional time of failure and cause.
   */
  constructor(reason: NumericalFailure, message: string, details: { t?: number; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = reason;
    this.t = details.t;
  }
}
