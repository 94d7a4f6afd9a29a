import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertNonNegative, assertPositive } from '../validation/numbers.js';
import type { NoiseSchedule } from './schedule.js';
import { assertUnitTime } from './unit-time.js';

/** Options of {@link VPSchedule}. */
export interface VPScheduleOptions {
  /** β at t = 0, ≥ 0 (default 0.1). */
  betaMin?: number;
  /** β at t = 1, > 0 and ≥ `betaMin` (default 20). */
  betaMax?: number;
}

/**
 * The variance-preserving schedule of the VP SDE with linear β(t) = β_min + t·(β_max − β_min).
 *
 * @remarks
 * With B(t) = ∫₀ᵗ β(s) ds = β_min·t + ½(β_max − β_min)·t²:
 *
 * - α_t = exp(−B/2), σ_t = √(1 − e^{−B}) (computed with `expm1`, so σ_t is accurate for small t); α² + σ² = 1.
 * - dα/dt = −½β(t)·α_t, dσ/dt = β(t)·α_t² / (2σ_t).
 * - λ_t = −B − log(1 − e^{−B}) = −log(e^B − 1), dλ/dt = −β(t)/σ_t².
 * - Edges at t = 0 (σ_0 = 0): λ_0 = +∞, dλ/dt = −∞, dσ/dt = +∞ when β_min > 0 and √(β_max/2) when β_min = 0
 *   (then σ_t ≈ t·√(β_max/2)).
 * - Inverse: B = log(1 + e^{−λ}) and t = 2B / (β_min + √(β_min² + 2(β_max − β_min)·B)), the stable root of
 *   B(t) = B.
 *
 * With the defaults, α_1 = exp(−½(0.1 + 9.95)) = exp(−5.025) ≈ 0.00657.
 *
 * @example
 * ```ts
 * const schedule = new VPSchedule();   // β_min = 0.1, β_max = 20
 * schedule.beta(0.5);                  // 10.05
 * schedule.alpha(1);                   // Math.exp(-5.025)
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 */
export class VPSchedule implements NoiseSchedule {
  readonly name = 'vp';
  /** β at t = 0. */
  readonly betaMin: number;
  /** β at t = 1. */
  readonly betaMax: number;

  /**
   * @param options - `betaMin` ≥ 0 (default 0.1) and `betaMax` > 0 with `betaMax` ≥ `betaMin` (default 20).
   * @throws {@link InvalidArgumentError} naming `options.betaMin` when it is negative or not finite, or
   *   `options.betaMax` when it is not a positive finite number or is below `betaMin`. Every method throws
   *   {@link InvalidArgumentError} naming `t` for a time outside [0, 1].
   */
  constructor(options: VPScheduleOptions = {}) {
    const { betaMin = 0.1, betaMax = 20 } = options;
    assertNonNegative('options.betaMin', betaMin);
    assertPositive('options.betaMax', betaMax);
    if (betaMax < betaMin) {
      throw new InvalidArgumentError('options.betaMax', `a number ≥ betaMin = ${betaMin}`, betaMax);
    }
    this.betaMin = betaMin;
    this.betaMax = betaMax;
  }

  /**
   * The noise rate β(t) = β_min + t·(β_max − β_min) of the VP SDE dx = −½β(t)·x dt + √β(t) dW.
   *
   * @param t - Time in [0, 1].
   * @returns β(t) ≥ 0.
   * @throws {@link InvalidArgumentError} naming `t` for a time outside [0, 1].
   */
  beta(t: number): number {
    const u = assertUnitTime('t', t);
    return this.betaMin + u * (this.betaMax - this.betaMin);
  }

  /** α_t = exp(−B(t)/2). */
  alpha(t: number): number {
    return Math.exp(-0.5 * this.integratedBeta(t));
  }

  /** σ_t = √(−expm1(−B(t))). */
  sigma(t: number): number {
    return Math.sqrt(this.variance(t));
  }

  /** dα/dt = −½β(t)·α_t. */
  dAlpha(t: number): number {
    return -0.5 * this.beta(t) * this.alpha(t);
  }

  /** dσ/dt = β(t)·α_t²/(2σ_t); at σ_t = 0 its limit (+∞, or √(β_max/2) when β_min = 0). */
  dSigma(t: number): number {
    const sigma = this.sigma(t);
    if (sigma === 0) return this.betaMin > 0 ? Number.POSITIVE_INFINITY : Math.sqrt(this.betaMax / 2);
    return (this.beta(t) * this.alpha(t) ** 2) / (2 * sigma);
  }

  /** λ_t = −B − log(−expm1(−B)); +Infinity at t = 0. */
  logSnr(t: number): number {
    const b = this.integratedBeta(t);
    return -b - Math.log(-Math.expm1(-b));
  }

  /** dλ/dt = −β(t)/σ_t²; −Infinity at σ_t = 0. */
  dLogSnr(t: number): number {
    const variance = this.variance(t);
    return variance === 0 ? Number.NEGATIVE_INFINITY : -this.beta(t) / variance;
  }

  /** t = 2B / (β_min + √(β_min² + 2(β_max − β_min)·B)) with B = log(1 + e^{−λ}). */
  inverseLogSnr(lambda: number): number {
    const b = Math.log1p(Math.exp(-lambda));
    return (2 * b) / (this.betaMin + Math.sqrt(this.betaMin ** 2 + 2 * (this.betaMax - this.betaMin) * b));
  }

  /**
   * The integrated noise rate B(t) = ∫₀ᵗ β(s) ds = t·(β_min + ½t·(β_max − β_min)), so α_t = e^{−B/2}.
   *
   * @param t - Time in [0, 1].
   * @returns B(t) ≥ 0.
   * @throws {@link InvalidArgumentError} naming `t` for a time outside [0, 1].
   * @example
   * ```ts
   * new VPSchedule().integratedBeta(1);   // 0.1 + ½·19.9 = 10.05
   * ```
   */
  integratedBeta(t: number): number {
    const u = assertUnitTime('t', t);
    return u * (this.betaMin + 0.5 * u * (this.betaMax - this.betaMin));
  }

  /** σ_t² = 1 − e^{−B(t)}, without cancellation. */
  private variance(t: number): number {
    return -Math.expm1(-this.integratedBeta(t));
  }
}
