import { VEKernelSchedule, type VEScheduleOptions } from '@gen/core';
import { LinearDiffusionProcess } from './linear-process.js';

/** Options of {@link VESDE}: σ(t) = σ_min·(σ_max/σ_min)^t. */
export type VESDEOptions = VEScheduleOptions;

/**
 * The variance-exploding SDE dx = σ(t)·√(2·ln(σ_max/σ_min)) dW with σ(t) = σ_min·(σ_max/σ_min)^t (continuous-time
 * SMLD / NCSN).
 *
 * @remarks
 * - f(t) = 0, g(t) = σ(t)·√(2·ln(σ_max/σ_min)), so g² = d(σ(t)²)/dt.
 * - α_t = 1 and σ_t = √(σ(t)² − σ_min²) = σ_min·√(expm1(2t·ln(σ_max/σ_min))): the exact variance of the SDE
 *   started from a noise-free x_0, so σ_0 = 0 as for the VP processes (`VEKernelSchedule` of `@gen/core`).
 * - Prior N(0, σ_max²·I), as in score_sde.
 *
 * Choice: drift, diffusion and prior follow score_sde (Song et al. 2021), but score_sde's `marginal_prob` returns
 * σ(t) itself, which reads x_0 as data already blurred by N(0, σ_min²). Here the kernel is the SDE's exact
 * transition from x_0 instead; the two variances differ by σ_min² (1e-4 with the defaults), and the score/noise
 * conversion of the samplers uses this σ_t.
 *
 * @example
 * ```ts
 * const ve = new VESDE();              // σ_min = 0.01, σ_max = 50
 * ve.marginal(1).std;                  // √(50² − 0.01²)
 * ve.diffusion(0);                     // 0.01·√(2·ln 5000)
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 * @see Song & Ermon, "Generative Modeling by Estimating Gradients of the Data Distribution", NeurIPS 2019.
 */
export class VESDE extends LinearDiffusionProcess {
  readonly name = 've';
  /** σ_max: the prior is N(0, σ_max²·I). */
  readonly priorStd: number;
  /**
   * The kernel's schedule: α_t = 1, σ_t = √(s(t)² − σ_min²), with the geometric scale s(t) = σ_min^{1−t}·σ_max^t
   * as `schedule.scale`.
   */
  readonly schedule: VEKernelSchedule;

  /**
   * @param options - `sigmaMin` > 0 (default 0.01) and `sigmaMax` > `sigmaMin` (default 50).
   * @throws `InvalidArgumentError` naming `options.sigmaMin` (not a positive finite number) or
   *   `options.sigmaMax` (not a finite number greater than `sigmaMin`). Every method throws
   *   `InvalidArgumentError` naming `t` for a time outside [0, 1].
   */
  constructor(options: VESDEOptions = {}) {
    super();
    this.schedule = new VEKernelSchedule(options);
    this.priorStd = this.schedule.sigmaMax;
  }

  /** f(t) = α̇_t/α_t = 0. */
  driftCoefficient(t: number): number {
    return this.schedule.dAlpha(t);
  }

  /** g(t) = s(t)·√(2·ln(σ_max/σ_min)). */
  diffusion(t: number): number {
    return this.schedule.scale.sigma(t) * Math.sqrt(2 * this.schedule.logRatio);
  }
}
