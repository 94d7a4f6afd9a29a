import type { SolveStatus } from '@gen/core';

/** A step a controller proposes: from `t0` to `t1`, of size `h` (negative backwards). */
export interface ProposedStep {
  /** Start time. */
  readonly t0: number;
  /** Step size: `t1 − t0` up to rounding (a fixed grid's step, or the adaptive step; negative backwards). */
  readonly h: number;
  /** End time (exactly an output time, or the end of the span, when the step lands there). */
  readonly t1: number;
}

/** Why a solve stops early: its status and the sentence for the error message. */
export interface StepFailure {
  /** The failure status. */
  readonly status: Exclude<SolveStatus, 'success' | 'event'>;
  /** What happened and how to fix it. */
  readonly message: string;
}

/**
 * A step-size controller: proposes each step and decides, from the attempt's scaled error, whether to keep it and
 * how large the next one is (diffrax's `AbstractStepSizeController`).
 *
 * @remarks
 * The solve loops of `odeint` and `sdeint` drive every controller the same way: `propose` from the current time
 * towards the next output time, attempt the step, `adapt` with its scaled error norm (0 when the controller is not
 * `adaptive`), and move on when the step was accepted. A failure the last `adapt` found (the next step underflows)
 * is reported by the next `propose`, so a solve that ends on that step still succeeds. Implementations: constant
 * steps ({@link constantStepSize}), PI control ({@link PIController}) and, in `@gen/sde`, dyadic step doubling on a
 * Brownian path. A controller belongs to one solve (it keeps that solve's state).
 *
 * @typeParam Step - The proposal's type (a controller may carry more than the times, e.g. a step's midpoint).
 */
export interface StepSizeController<Step extends ProposedStep = ProposedStep> {
  /** Whether the controller reads an error estimate (the loop skips computing one otherwise). */
  readonly adaptive: boolean;
  /**
   * The next step from `t`.
   *
   * @param t - The current time.
   * @param target - The next output time (fixed and dyadic steps land on it; PI steps use dense output instead).
   * @returns The step, or why the solve cannot go on.
   */
  propose(t: number, target: number): Step | StepFailure;
  /**
   * Decides on an attempted step and prepares the next proposal.
   *
   * @param step - The step attempted (as proposed).
   * @param error - Its scaled error norm (accept iff ≤ 1; NaN or ∞ for an attempt that overflowed); 0 when not
   *   `adaptive`.
   * @returns Whether the step is accepted.
   */
  adapt(step: Step, error: number): boolean;
}

/**
 * Whether a proposal is a failure.
 *
 * @param proposal - What {@link StepSizeController.propose} returned.
 * @returns `true` for a {@link StepFailure}.
 */
export function isStepFailure(proposal: ProposedStep | StepFailure): proposal is StepFailure {
  return 'status' in proposal;
}

/**
 * The failure of a solve whose step budget is spent, checked before each attempt.
 *
 * @param steps - The attempts so far (accepted and rejected together).
 * @param maxSteps - The budget.
 * @param t - The time reached.
 * @param until - The time the solve is heading for.
 * @param adaptive - Whether the steps are adaptive (the advice differs).
 * @returns The `'max-steps'` failure once `steps` ≥ `maxSteps`, else undefined.
 * @example
 * ```ts
 * budgetFailure(10, 10, 0.4, 1, true)?.status; // 'max-steps'
 * ```
 */
export function budgetFailure(
  steps: number,
  maxSteps: number,
  t: number,
  until: number,
  adaptive: boolean,
): StepFailure | undefined {
  if (steps < maxSteps) return undefined;
  const advice = adaptive ? 'loosen rtol/atol' : 'use a larger stepSize';
  return {
    status: 'max-steps',
    message: `reached maxSteps = ${maxSteps} (accepted and rejected) at t = ${t} before t = ${until}. Raise options.maxSteps or ${advice}.`,
  };
}
