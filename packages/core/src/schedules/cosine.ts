import { assertPositive } from '../validation/numbers.js';
import type { NoiseSchedule } from './schedule.js';
import { sigmoid } from './sigmoid.js';
import { assertUnitTime } from './unit-time.js';

/** Options of {@link CosineSchedule}. */
export interface CosineScheduleOptions {
  /** The offset s > 0 that keeps σ_t from being too small near t = 0 (default 0.008). */
  s?: number;
}

/**
 * The cosine schedule of improved DDPM in continuous time: ᾱ_t = f(t)/f(0), f(t) = cos²(((t + s)/(1 + s))·π/2),
 * α_t = √ᾱ_t, σ_t = √(1 − ᾱ_t).
 *
 * @remarks
 * With k = (π/2)/(1 + s), cos(((t + s)/(1 + s))·π/2) = sin(k·(1 − t)) and f(0) = sin²k, so
 *
 * - α_t = sin(k(1 − t)) / sin k, and σ_t² = sin(k·t)·sin(k(2 − t)) / sin²k (the identity
 *   sin²a − sin²b = sin(a − b)·sin(a + b); no cancellation near t = 0).
 * - dα/dt = −k·cos(k(1 − t)) / sin k, dσ/dt = −α_t·α̇_t / σ_t.
 * - λ_t = 2·(log α_t − log σ_t), dλ/dt = 2α̇_t / (α_t·σ_t²) (using α² + σ² = 1).
 * - Inverse: with a = √sigmoid(λ), b = √sigmoid(−λ), t = 1 − atan2(a·sin k, √(cos²k + b²·sin²k)) / k.
 *
 * No clipping: t = 1 is evaluated exactly, giving α_1 = 0 (a sine of 0, not a cos(π/2) ≈ 6·10⁻¹⁷ residue),
 * σ_1 = 1 and λ_1 = −∞. At t = 0: α_0 = 1, σ_0 = 0, λ_0 = +∞, and dσ/dt = +∞ (σ_t ∝ √t). Both dλ/dt values are −∞.
 * (Nichol & Dhariwal clip the discrete β_t at 0.999 instead; a sampler that needs finite λ starts at t < 1.)
 *
 * @example
 * ```ts
 * const schedule = new CosineSchedule();   // s = 0.008
 * schedule.alpha(1);                       // 0
 * schedule.sigma(1);                       // 1
 * ```
 * @see Nichol & Dhariwal, "Improved Denoising Diffusion Probabilistic Models", ICML 2021.
 */
export class CosineSchedule implements NoiseSchedule {
  readonly name = 'cosine';
  /** The offset s. */
  readonly s: number;
  /** k = (π/2)/(1 + s). */
  private readonly k: number;
  /** sin k = √f(0). */
  private readonly sinK: number;

  /**
   * @param options - `s` > 0 (default 0.008).
   * @throws {@link InvalidArgumentError} naming `options.s` when it is not a positive finite number. Every
   *   method throws {@link InvalidArgumentError} naming `t` for a time outside [0, 1].
   */
  constructor(options: CosineScheduleOptions = {}) {
    const { s = 0.008 } = options;
    this.s = assertPositive('options.s', s);
    this.k = Math.PI / 2 / (1 + s);
    this.sinK = Math.sin(this.k);
  }

  /** α_t = sin(k(1 − t)) / sin k. */
  alpha(t: number): number {
    return this.sineRatio(1 - assertUnitTime('t', t));
  }

  /** σ_t = √(sin(kt)·sin(k(2 − t))) / sin k. */
  sigma(t: number): number {
    const u = assertUnitTime('t', t);
    return Math.sqrt(this.sineRatio(u) * this.sineRatio(2 - u));
  }

  /** dα/dt = −k·cos(k(1 − t)) / sin k. */
  dAlpha(t: number): number {
    const u = assertUnitTime('t', t);
    return (-this.k * Math.cos(this.k * (1 - u))) / this.sinK;
  }

  /** dσ/dt = −α_t·α̇_t/σ_t; +Infinity at t = 0. */
  dSigma(t: number): number {
    return (-this.alpha(t) * this.dAlpha(t)) / this.sigma(t);
  }

  /** λ_t = 2·(log α_t − log σ_t); +Infinity at t = 0, −Infinity at t = 1. */
  logSnr(t: number): number {
    return 2 * (Math.log(this.alpha(t)) - Math.log(this.sigma(t)));
  }

  /** dλ/dt = 2α̇_t/(α_t·σ_t²); −Infinity at both ends. */
  dLogSnr(t: number): number {
    return (2 * this.dAlpha(t)) / (this.alpha(t) * this.sigma(t) ** 2);
  }

  /** t = 1 − atan2(a·sin k, √(cos²k + b²·sin²k)) / k with a = √sigmoid(λ), b = √sigmoid(−λ). */
  inverseLogSnr(lambda: number): number {
    const alpha = Math.sqrt(sigmoid(lambda));
    const sigma = Math.sqrt(sigmoid(-lambda));
    return 1 - Math.atan2(alpha * this.sinK, Math.hypot(Math.cos(this.k), sigma * this.sinK)) / this.k;
  }

  /** sin(k·x) / sin k. */
  private sineRatio(x: number): number {
    return Math.sin(this.k * x) / this.sinK;
  }
}
