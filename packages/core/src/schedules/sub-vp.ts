import type { NoiseSchedule } from './schedule.js';
import { VPSchedule, type VPScheduleOptions } from './vp.js';

/**
 * The schedule of the sub-variance-preserving SDE's perturbation kernel: α_t = e^{−B/2}, σ_t = 1 − e^{−B}, with
 * B(t) = ∫₀ᵗ β = β_min·t + ½(β_max − β_min)·t² as for the {@link VPSchedule}.
 *
 * @remarks
 * Same α_t as the VP schedule, smaller noise: σ_t is the VP *variance* 1 − e^{−B} (computed with `expm1`, so
 * accurate for small t), and α² + σ² ≤ 1.
 *
 * - dα/dt = −½β(t)·α_t, dσ/dt = β(t)·e^{−B}.
 * - λ_t = −B − 2·log(1 − e^{−B}), dλ/dt = −β(t)·(1 + 2/(e^B − 1)).
 * - Edges at t = 0 (σ_0 = 0): λ_0 = +∞, dλ/dt = −∞, dσ/dt = β_min.
 * - No closed-form inverse: {@link timeAtLogSnr} bisects.
 *
 * @example
 * ```ts
 * const schedule = new SubVPSchedule();   // β_min = 0.1, β_max = 20
 * schedule.sigma(0.5);                    // 1 − e^{−B(0.5)} = −Math.expm1(-2.5375)
 * schedule.alpha(0.5);                    // Math.exp(-2.5375 / 2), the VP α
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 */
export class SubVPSchedule implements NoiseSchedule {
  readonly name = 'sub-vp';
  /** β at t = 0. */
  readonly betaMin: number;
  /** β at t = 1. */
  readonly betaMax: number;
  /** The VP schedule with the same β(t): it gives β, B and α_t. */
  private readonly vp: VPSchedule;

  /**
   * @param options - `betaMin` ≥ 0 (default 0.1) and `betaMax` > 0 with `betaMax` ≥ `betaMin` (default 20).
   * @throws {@link InvalidArgumentError} naming `options.betaMin` or `options.betaMax`, as {@link VPSchedule}.
   *   Every method throws {@link InvalidArgumentError} naming `t` for a time outside [0, 1].
   */
  constructor(options: VPScheduleOptions = {}) {
    this.vp = new VPSchedule(options);
    this.betaMin = this.vp.betaMin;
    this.betaMax = this.vp.betaMax;
  }

  /**
   * The noise rate β(t) = β_min + t·(β_max − β_min), as {@link VPSchedule.beta}.
   *
   * @param t - Time in [0, 1].
   * @returns β(t) ≥ 0.
   * @throws {@link InvalidArgumentError} naming `t` for a time outside [0, 1].
   */
  beta(t: number): number {
    return this.vp.beta(t);
  }

  /** α_t = e^{−B(t)/2}. */
  alpha(t: number): number {
    return this.vp.alpha(t);
  }

  /** σ_t = 1 − e^{−B(t)} = −expm1(−B(t)). */
  sigma(t: number): number {
    return -Math.expm1(-this.vp.integratedBeta(t));
  }

  /** dα/dt = −½β(t)·α_t. */
  dAlpha(t: number): number {
    return this.vp.dAlpha(t);
  }

  /** dσ/dt = β(t)·e^{−B(t)}. */
  dSigma(t: number): number {
    return this.vp.beta(t) * Math.exp(-this.vp.integratedBeta(t));
  }

  /** λ_t = −B − 2·log(−expm1(−B)); +Infinity at t = 0. */
  logSnr(t: number): number {
    const b = this.vp.integratedBeta(t);
    return -b - 2 * Math.log(-Math.expm1(-b));
  }

  /** dλ/dt = −β(t)·(1 + 2/expm1(B)); −Infinity at σ_t = 0. */
  dLogSnr(t: number): number {
    const b = this.vp.integratedBeta(t);
    return b === 0 ? Number.NEGATIVE_INFINITY : -this.vp.beta(t) * (1 + 2 / Math.expm1(b));
  }
}
