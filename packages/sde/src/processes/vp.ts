import { VPSchedule, type VPScheduleOptions } from '@gen/core';
import { LinearDiffusionProcess } from './linear-process.js';

/** Options of {@link VPSDE}: β(t) = β_min + t·(β_max − β_min). */
export type VPSDEOptions = VPScheduleOptions;

/**
 * The variance-preserving SDE dx = −½β(t)·x dt + √β(t) dW with linear β(t) (the continuous-time DDPM).
 *
 * @remarks
 * With B(t) = ∫₀ᵗβ = β_min·t + ½(β_max − β_min)·t² (from the core {@link VPSchedule}):
 *
 * - f(t) = −½β(t), g(t) = √β(t).
 * - α_t = e^{−B/2} = exp(−¼t²(β_max − β_min) − ½t·β_min), σ_t = √(1 − e^{−B}), so α² + σ² = 1.
 * - Prior N(0, I); with the defaults α_1 ≈ 0.0066, so the prior mismatch is negligible.
 *
 * @example
 * ```ts
 * const vp = new VPSDE();          // β_min = 0.1, β_max = 20
 * vp.diffusion(0.5);               // √10.05
 * vp.marginal(1).mean;             // Math.exp(-5.025)
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 * @see Ho et al., "Denoising Diffusion Probabilistic Models", NeurIPS 2020.
 */
export class VPSDE extends LinearDiffusionProcess {
  readonly name = 'vp';
  readonly priorStd = 1;
  /** The kernel's schedule: β(t), α_t = e^{−B/2} and σ_t = √(1 − e^{−B}). */
  readonly schedule: VPSchedule;

  /**
   * @param options - `betaMin` ≥ 0 (default 0.1) and `betaMax` ≥ `betaMin`, > 0 (default 20).
   * @throws `InvalidArgumentError` naming `options.betaMin` (negative, not finite) or `options.betaMax` (not
   *   positive, below `betaMin`). Every method throws `InvalidArgumentError` naming `t` for a time outside [0, 1].
   */
  constructor(options: VPSDEOptions = {}) {
    super();
    this.schedule = new VPSchedule(options);
  }

  /** f(t) = −½β(t). */
  driftCoefficient(t: number): number {
    return -0.5 * this.schedule.beta(t);
  }

  /** g(t) = √β(t). */
  diffusion(t: number): number {
    return Math.sqrt(this.schedule.beta(t));
  }
}
