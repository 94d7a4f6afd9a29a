import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertPositive } from '../validation/numbers.js';
import type { NoiseSchedule } from './schedule.js';
import { assertUnitTime } from './unit-time.js';

/** Options of {@link VESchedule}. */
export interface VEScheduleOptions {
  /** σ at t = 0, > 0 (default 0.01). */
  sigmaMin?: number;
  /** σ at t = 1, > `sigmaMin` (default 50); should exceed the data's diameter so x_1 ≈ N(0, σ_max²·I). */
  sigmaMax?: number;
}

/**
 * The variance-exploding schedule with geometric noise: α_t ≡ 1, σ_t = σ_min·(σ_max/σ_min)^t.
 *
 * @remarks
 * - dα/dt = 0, dσ/dt = σ_t·log(σ_max/σ_min).
 * - λ_t = −2·log σ_t (finite everywhere, since σ_min > 0), dλ/dt = −2·log(σ_max/σ_min).
 * - Inverse: t = (−λ/2 − log σ_min) / log(σ_max/σ_min).
 *
 * `sigma` is evaluated as σ_min^{1−t}·σ_max^t so that σ_0 = σ_min and σ_1 = σ_max exactly. The prior at t = 1 is
 * N(x_data, σ_max²·I), which samplers approximate by N(0, σ_max²·I).
 *
 * @example
 * ```ts
 * const schedule = new VESchedule();   // σ_min = 0.01, σ_max = 50
 * schedule.sigma(0.5);                 // √(0.01·50) ≈ 0.7071
 * schedule.alpha(0.5);                 // 1
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 */
export class VESchedule implements NoiseSchedule {
  readonly name = 've';
  /** σ at t = 0. */
  readonly sigmaMin: number;
  /** σ at t = 1. */
  readonly sigmaMax: number;
  /** ln(σ_max/σ_min): σ(t) = σ_min·e^{t·logRatio}. */
  readonly logRatio: number;

  /**
   * @param options - `sigmaMin` > 0 (default 0.01) and `sigmaMax` > `sigmaMin` (default 50).
   * @throws {@link InvalidArgumentError} naming `options.sigmaMin` when it is not a positive finite number, or
   *   `options.sigmaMax` when it is not a finite number greater than `sigmaMin`. Every method throws
   *   {@link InvalidArgumentError} naming `t` for a time outside [0, 1].
   */
  constructor(options: VEScheduleOptions = {}) {
    const { sigmaMin = 0.01, sigmaMax = 50 } = options;
    assertPositive('options.sigmaMin', sigmaMin);
    assertPositive('options.sigmaMax', sigmaMax);
    if (!(sigmaMax > sigmaMin)) {
      throw new InvalidArgumentError('options.sigmaMax', `a number greater than sigmaMin = ${sigmaMin}`, sigmaMax);
    }
    this.sigmaMin = sigmaMin;
    this.sigmaMax = sigmaMax;
    this.logRatio = Math.log(sigmaMax / sigmaMin);
  }

  /** α_t = 1. */
  alpha(t: number): number {
    assertUnitTime('t', t);
    return 1;
  }

  /** σ_t = σ_min^{1−t}·σ_max^t. */
  sigma(t: number): number {
    const u = assertUnitTime('t', t);
    return this.sigmaMin ** (1 - u) * this.sigmaMax ** u;
  }

  /** dα/dt = 0. */
  dAlpha(t: number): number {
    assertUnitTime('t', t);
    return 0;
  }

  /** dσ/dt = σ_t·log(σ_max/σ_min). */
  dSigma(t: number): number {
    return this.sigma(t) * this.logRatio;
  }

  /** λ_t = −2·log σ_t. */
  logSnr(t: number): number {
    return -2 * Math.log(this.sigma(t));
  }

  /** dλ/dt = −2·log(σ_max/σ_min). */
  dLogSnr(t: number): number {
    assertUnitTime('t', t);
    return -2 * this.logRatio;
  }

  /** t = (−λ/2 − log σ_min) / log(σ_max/σ_min). */
  inverseLogSnr(lambda: number): number {
    return (-lambda / 2 - Math.log(this.sigmaMin)) / this.logRatio;
  }
}
