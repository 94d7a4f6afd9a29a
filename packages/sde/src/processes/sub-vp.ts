import { SubVPSchedule } from '@gen/core';
import { LinearDiffusionProcess } from './linear-process.js';
import type { VPSDEOptions } from './vp.js';

/** Options of {@link SubVPSDE}: β(t) = β_min + t·(β_max − β_min), as for {@link VPSDE}. */
export type SubVPSDEOptions = VPSDEOptions;

/**
 * The sub-variance-preserving SDE dx = −½β(t)·x dt + √(β(t)·(1 − e^{−2B(t)})) dW, B(t) = ∫₀ᵗβ.
 *
 * @remarks
 * Same drift and mean as the {@link VPSDE}, smaller noise: its variance is bounded by the VP one at every t.
 *
 * - f(t) = −½β(t), g(t)² = β(t)·(1 − e^{−2B}) = β(t)·(1 − α⁴) with α = e^{−B/2}.
 * - α_t = e^{−B/2}, σ_t = 1 − e^{−B} (the VP variance): `SubVPSchedule` of `@gen/core`.
 * - Prior N(0, I).
 *
 * Check: d(σ²)/dt = 2(1 − e^{−B})·β·e^{−B} and 2f·σ² + g² = −β(1 − e^{−B})² + β(1 − e^{−2B}) agree.
 *
 * @example
 * ```ts
 * const subVp = new SubVPSDE();
 * subVp.marginal(0.5).std;   // 1 − e^{−B(0.5)}
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 */
export class SubVPSDE extends LinearDiffusionProcess {
  readonly name = 'sub-vp';
  readonly priorStd = 1;
  /** The kernel's schedule: β(t), α_t = e^{−B/2} and σ_t = 1 − e^{−B}. */
  readonly schedule: SubVPSchedule;

  /**
   * @param options - `betaMin` ≥ 0 (default 0.1) and `betaMax` ≥ `betaMin`, > 0 (default 20).
   * @throws `InvalidArgumentError` naming `options.betaMin` or `options.betaMax`, as {@link VPSDE}. Every method
   *   throws `InvalidArgumentError` naming `t` for a time outside [0, 1].
   */
  constructor(options: SubVPSDEOptions = {}) {
    super();
    this.schedule = new SubVPSchedule(options);
  }

  /** f(t) = −½β(t). */
  driftCoefficient(t: number): number {
    return -0.5 * this.schedule.beta(t);
  }

  /** g(t) = √(β(t)·(1 − e^{−B})·(1 + e^{−B})), with σ_t = 1 − e^{−B} and α_t² = e^{−B}. */
  diffusion(t: number): number {
    const alpha = this.schedule.alpha(t);
    return Math.sqrt(this.schedule.beta(t) * this.schedule.sigma(t) * (1 + alpha ** 2));
  }
}
