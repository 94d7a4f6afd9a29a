import { InvalidArgumentError } from '@gen/core';
import { assertNonNegative, assertPositive } from '@gen/core/internal';
import type { ControllerOptions } from '../options.js';
import type { ProposedStep, StepFailure, StepSizeController } from './controller.js';

/** The span and bounds a {@link PIController} steps within. */
export interface PIBounds {
  /** The end of the solve: the last step is clipped to land on it. */
  readonly tEnd: number;
  /** +1 forwards, −1 backwards. */
  readonly direction: number;
  /** Smallest step magnitude before the solve fails with `'step-size-underflow'`. */
  readonly minStep: number;
  /** Largest step magnitude. */
  readonly maxStep: number;
}

/**
 * PI step-size control (diffrax's `PIDController` without the derivative term): after an attempt with scaled error
 * r, the next step is h · clip(safety · r⁻⁽ⁱ⁺ᵖ⁾ᐟᵏ · r_prev^(p/k), minFactor, maxFactor), k = (embedded order) + 1.
 *
 * @remarks
 * Accepts an attempt iff r ≤ 1. With the defaults (iCoeff 1, pCoeff 0) this is the classic integral controller of
 * Hairer & Wanner and torchdiffeq. A non-finite r shrinks the step by `minFactor`; after a rejection the step does
 * not grow. Steps run to the end of the span, not to each output time (the solver interpolates those), are capped
 * at `maxStep`, and the solve fails when the next step falls below `minStep` or no longer moves t.
 *
 * @example
 * ```ts
 * const controller = new PIController(piFactor(4, {}), 0.1, { tEnd: 1, direction: 1, minStep: 0, maxStep: Infinity });
 * const step = controller.propose(0, 1); // { t0: 0, h: 0.1, t1: 0.1 }
 * controller.adapt(step, 0.5); // true; the next step is 0.1 · min(10, 0.9 · 0.5^(-1/5))
 * ```
 * @see Hairer & Wanner, Solving Ordinary Differential Equations II, §IV.2 (PI control); Söderlind 2002.
 */
export class PIController implements StepSizeController {
  /** PI control reads the error estimate. */
  readonly adaptive = true;
  readonly #factor: PIFactor;
  readonly #bounds: PIBounds;
  #h: number;
  #previousRatio = 1;
  #failure: StepFailure | undefined;

  /**
   * Starts the control of one solve.
   *
   * @param factor - The step factor, from {@link piFactor}.
   * @param firstStep - The first step's magnitude (capped at `maxStep`).
   * @param bounds - End time, direction and step bounds.
   */
  constructor(factor: PIFactor, firstStep: number, bounds: PIBounds) {
    this.#factor = factor;
    this.#bounds = bounds;
    this.#h = bounds.direction * Math.min(firstStep, bounds.maxStep);
  }

  /**
   * The controller's step from `t`, clipped to land exactly on the end of the span.
   *
   * @param t - The current time.
   * @returns The step, or the failure the last {@link PIController.adapt} found.
   */
  propose(t: number): ProposedStep | StepFailure {
    if (this.#failure !== undefined) return this.#failure;
    const { tEnd, direction } = this.#bounds;
    const clipped = (t + this.#h - tEnd) * direction >= 0;
    return clipped ? { t0: t, h: tEnd - t, t1: tEnd } : { t0: t, h: this.#h, t1: t + this.#h };
  }

  /**
   * Accepts iff `error` ≤ 1 and sets the next step.
   *
   * @param step - The attempted step.
   * @param error - Its scaled error norm.
   * @returns Whether it is accepted.
   */
  adapt(step: ProposedStep, error: number): boolean {
    const accepted = error <= 1;
    if (accepted) this.#previousRatio = Math.max(error, 1e-4);
    const { direction, minStep, maxStep } = this.#bounds;
    let h = step.h * this.#factor(error, this.#previousRatio, !accepted);
    if (Math.abs(h) > maxStep) h = direction * maxStep;
    const t = accepted ? step.t1 : step.t0;
    if (Math.abs(h) < minStep || t + h === t) {
      this.#failure = {
        status: 'step-size-underflow',
        message: `the step size fell to ${Math.abs(h)} at t = ${t} (minStep ${minStep}); the solution may blow up or be very stiff there.`,
      };
    }
    this.#h = h;
    return accepted;
  }
}

/**
 * The factor by which a {@link PIController} multiplies the step after an attempt with scaled error `errorRatio`,
 * given the last accepted attempt's `previousRatio` (1 before any) and whether the attempt was rejected.
 */
export type PIFactor = (errorRatio: number, previousRatio: number, afterRejection: boolean) => number;

/**
 * Validates the controller settings and builds the PI factor (at the public boundary, for every method).
 *
 * @param errorOrder - The embedded method's order.
 * @param options - Controller settings (`options.controller` of `odeint`).
 * @returns factor(r, r_prev, afterRejection), in [minFactor, maxFactor] (≤ 1 after a rejection).
 * @throws `InvalidArgumentError` for a non-positive safety, minFactor ∉ (0, 1), maxFactor ≤ 1 or negative
 *   coefficients, naming `options.controller.<setting>`.
 * @example
 * ```ts
 * piFactor(4, {})(0.5, 1, false); // 0.9 · 0.5^(-1/5) ≈ 1.034
 * ```
 */
export function piFactor(errorOrder: number, options: ControllerOptions): PIFactor {
  const { safety = 0.9, minFactor = 0.2, maxFactor = 10, iCoeff = 1, pCoeff = 0 } = options;
  assertPositive('options.controller.safety', safety);
  assertPositive('options.controller.minFactor', minFactor);
  assertNonNegative('options.controller.iCoeff', iCoeff);
  assertNonNegative('options.controller.pCoeff', pCoeff);
  if (minFactor >= 1) throw new InvalidArgumentError('options.controller.minFactor', 'a number in (0, 1)', minFactor);
  if (!(maxFactor > 1)) throw new InvalidArgumentError('options.controller.maxFactor', 'a number > 1', maxFactor);
  const k = errorOrder + 1;
  return (errorRatio, previousRatio, afterRejection) => {
    if (!Number.isFinite(errorRatio)) return minFactor;
    const upper = afterRejection ? 1 : maxFactor;
    if (errorRatio === 0) return upper;
    const raw = safety * errorRatio ** (-(iCoeff + pCoeff) / k) * previousRatio ** (pCoeff / k);
    return Math.min(upper, Math.max(minFactor, raw));
  };
}
