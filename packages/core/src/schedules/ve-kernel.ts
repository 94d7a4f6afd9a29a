import type { NoiseSchedule } from './schedule.js';
import { assertUnitTime } from './unit-time.js';
import { VESchedule, type VEScheduleOptions } from './ve.js';

/**
 * The schedule of the variance-exploding SDE's perturbation kernel from noise-free data: α_t ≡ 1,
 * σ_t = √(s(t)² − σ_min²) = σ_min·√(expm1(2t·ln(σ_max/σ_min))), where s(t) = σ_min·(σ_max/σ_min)^t is the
 * geometric noise scale of the {@link VESchedule} (available as {@link VEKernelSchedule.scale}).
 *
 * @remarks
 * The VE SDE dx = s(t)·√(2·ln(σ_max/σ_min)) dW started from a noise-free x_0 has x_t | x_0 ~ N(x_0, σ_t²·I)
 * with σ_0 = 0. The {@link VESchedule} instead reads x_0 as data already blurred by N(0, σ_min²), so its
 * σ_t = s(t); the two variances differ by σ_min².
 *
 * With L = ln(σ_max/σ_min):
 *
 * - dα/dt = 0, dσ/dt = L·s(t)²/σ_t.
 * - λ_t = −2·log σ_t, dλ/dt = −2L·e^{2Lt}/expm1(2Lt).
 * - Edges at t = 0 (σ_0 = 0): λ_0 = +∞, dσ/dt = +∞, dλ/dt = −∞.
 * - Inverse: t = log1p(e^{−λ}/σ_min²)/(2L).
 *
 * @example
 * ```ts
 * const schedule = new VEKernelSchedule();   // σ_min = 0.01, σ_max = 50
 * schedule.sigma(1);                         // √(50² − 0.01²)
 * schedule.scale.sigma(1);                   // 50, the geometric scale s(1)
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 */
export class VEKernelSchedule implements NoiseSchedule {
  readonly name = 've-kernel';
  /** The geometric noise scale s(t) = σ_min^{1−t}·σ_max^t (the VE SDE's diffusion is s(t)·√(2L)). */
  readonly scale: VESchedule;
  /** σ_min: the scale s(0). */
  readonly sigmaMin: number;
  /** σ_max: the scale s(1). */
  readonly sigmaMax: number;
  /** L = ln(σ_max/σ_min). */
  readonly logRatio: number;

  /**
   * @param options - `sigmaMin` > 0 (default 0.01) and `sigmaMax` > `sigmaMin` (default 50).
   * @throws {@link InvalidArgumentError} naming `options.sigmaMin` or `options.sigmaMax`, as {@link VESchedule}.
   *   Every method throws {@link InvalidArgumentError} naming `t` for a time outside [0, 1].
   */
  constructor(options: VEScheduleOptions = {}) {
    this.scale = new VESchedule(options);
    this.sigmaMin = this.scale.sigmaMin;
    this.sigmaMax = this.scale.sigmaMax;
    this.logRatio = this.scale.logRatio;
  }

  /** α_t = 1. */
  alpha(t: number): number {
    return this.scale.alpha(t);
  }

  /** σ_t = σ_min·√(expm1(2t·L)). */
  sigma(t: number): number {
    const u = assertUnitTime('t', t);
    return this.sigmaMin * Math.sqrt(Math.expm1(2 * u * this.logRatio));
  }

  /** dα/dt = 0. */
  dAlpha(t: number): number {
    return this.scale.dAlpha(t);
  }

  /** dσ/dt = L·s(t)²/σ_t; +Infinity at t = 0. */
  dSigma(t: number): number {
    return (this.logRatio * this.scale.sigma(t) ** 2) / this.sigma(t);
  }

  /** λ_t = −2·log σ_t; +Infinity at t = 0. */
  logSnr(t: number): number {
    return -2 * Math.log(this.sigma(t));
  }

  /** dλ/dt = −2L·e^{2Lt}/expm1(2Lt); −Infinity at t = 0. */
  dLogSnr(t: number): number {
    const u = assertUnitTime('t', t);
    const exponent = 2 * u * this.logRatio;
    return (-2 * this.logRatio * Math.exp(exponent)) / Math.expm1(exponent);
  }

  /** t = log1p(e^{−λ}/σ_min²)/(2L). */
  inverseLogSnr(lambda: number): number {
    return Math.log1p(Math.exp(-lambda) / this.sigmaMin ** 2) / (2 * this.logRatio);
  }
}
