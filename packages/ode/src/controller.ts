import { InvalidArgumentError } from '@gen/core';
import { assertNonNegative, assertPositive } from '@gen/core/internal';
import type { ControllerOptions } from './options.js';

/** A validated PI step-size controller. */
export interface StepController {
  /**
   * The factor by which to multiply the step after an attempt with scaled error `errorRatio` (accept iff ≤ 1).
   *
   * @param errorRatio - The attempt's error norm (NaN or ∞ treated as a failed attempt).
   * @param previousRatio - The last accepted attempt's error norm (1 before any).
   * @param afterRejection - Whether the previous attempt was rejected (then the step may not grow).
   */
  factor(errorRatio: number, previousRatio: number, afterRejection: boolean): number;
}

/**
 * Builds the PI step-size controller: factor = safety · r⁻⁽ⁱ⁺ᵖ⁾ᐟᵏ · r_prev^(p/k), clipped to [minFactor, maxFactor],
 * where r is the error norm and k = (embedded order) + 1.
 *
 * @remarks
 * With the defaults (iCoeff 1, pCoeff 0) this is the classic integral controller of Hairer & Wanner and
 * torchdiffeq. A non-finite error norm shrinks the step by `minFactor`; after a rejection the step does not grow.
 *
 * @param errorOrder - The embedded method's order.
 * @param options - Controller settings.
 * @returns The controller.
 * @throws `InvalidArgumentError` for a non-positive safety, minFactor ≥ 1, maxFactor ≤ 1 or negative coefficients.
 * @see Hairer & Wanner, Solving Ordinary Differential Equations II, §IV.2 (PI control); Söderlind 2002.
 */
export function makeController(errorOrder: number, options: ControllerOptions = {}): StepController {
  const { safety = 0.9, minFactor = 0.2, maxFactor = 10, iCoeff = 1, pCoeff = 0 } = options;
  assertPositive('options.controller.safety', safety);
  assertPositive('options.controller.minFactor', minFactor);
  assertNonNegative('options.controller.iCoeff', iCoeff);
  assertNonNegative('options.controller.pCoeff', pCoeff);
  if (minFactor >= 1) throw new InvalidArgumentError('options.controller.minFactor', 'a number in (0, 1)', minFactor);
  if (!(maxFactor > 1)) throw new InvalidArgumentError('options.controller.maxFactor', 'a number > 1', maxFactor);
  const k = errorOrder + 1;
  return {
    factor(errorRatio, previousRatio, afterRejection) {
      if (!Number.isFinite(errorRatio)) return minFactor;
      const upper = afterRejection ? 1 : maxFactor;
      if (errorRatio === 0) return upper;
      const raw = safety * errorRatio ** (-(iCoeff + pCoeff) / k) * previousRatio ** (pCoeff / k);
      return Math.min(upper, Math.max(minFactor, raw));
    },
  };
}
