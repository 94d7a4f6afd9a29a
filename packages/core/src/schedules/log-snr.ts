import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertFiniteNumber } from '../validation/numbers.js';
import type { NoiseSchedule } from './schedule.js';
import { sigmoid } from './sigmoid.js';
import { assertUnitTime } from './unit-time.js';

/** Options of {@link LogSnrSchedule}. */
export interface LogSnrScheduleOptions {
  /** λ at t = 1 (the prior end), finite (default −10). */
  lambdaMin?: number;
  /** λ at t = 0 (the data end), finite and > `lambdaMin` (default 10). */
  lambdaMax?: number;
}

/**
 * A variance-preserving schedule whose log-SNR falls linearly from λ_max at t = 0 to λ_min at t = 1.
 *
 * @remarks
 * - λ_t = (1 − t)·λ_max + t·λ_min (exact at both ends), dλ/dt = λ_min − λ_max.
 * - α_t² = sigmoid(λ_t), σ_t² = sigmoid(−λ_t), so α² + σ² = 1 and log(α²/σ²) = λ_t.
 * - dα/dt = ½·α_t·σ_t²·dλ/dt, dσ/dt = −½·σ_t·α_t²·dλ/dt.
 * - Inverse: t = (λ_max − λ) / (λ_max − λ_min).
 *
 * Every value is finite on [0, 1]: σ_0² = sigmoid(−λ_max) > 0 and α_1² = sigmoid(λ_min) > 0.
 *
 * @example
 * ```ts
 * const schedule = new LogSnrSchedule();   // λ from 10 (t = 0) to −10 (t = 1)
 * schedule.logSnr(0.5);                    // 0
 * schedule.alpha(0.5);                     // √0.5
 * ```
 * @see Kingma et al., "Variational Diffusion Models", NeurIPS 2021.
 * @see Lu et al., "DPM-Solver: A Fast ODE Solver for Diffusion Probabilistic Model Sampling in Around 10 Steps",
 *   NeurIPS 2022.
 */
export class LogSnrSchedule implements NoiseSchedule {
  readonly name = 'log-snr';
  /** λ at t = 1. */
  readonly lambdaMin: number;
  /** λ at t = 0. */
  readonly lambdaMax: number;

  /**
   * @param options - Finite `lambdaMin` (default −10) and `lambdaMax` > `lambdaMin` (default 10).
   * @throws {@link InvalidArgumentError} naming `options.lambdaMin` when it is not finite, or
   *   `options.lambdaMax` when it is not a finite number greater than `lambdaMin`. Every method throws
   *   {@link InvalidArgumentError} naming `t` for a time outside [0, 1].
   */
  constructor(options: LogSnrScheduleOptions = {}) {
    const { lambdaMin = -10, lambdaMax = 10 } = options;
    assertFiniteNumber('options.lambdaMin', lambdaMin);
    assertFiniteNumber('options.lambdaMax', lambdaMax);
    if (!(lambdaMax > lambdaMin)) {
      throw new InvalidArgumentError('options.lambdaMax', `a number greater than lambdaMin = ${lambdaMin}`, lambdaMax);
    }
    this.lambdaMin = lambdaMin;
    this.lambdaMax = lambdaMax;
  }

  /** α_t = √sigmoid(λ_t). */
  alpha(t: number): number {
    return Math.sqrt(sigmoid(this.logSnr(t)));
  }

  /** σ_t = √sigmoid(−λ_t). */
  sigma(t: number): number {
    return Math.sqrt(sigmoid(-this.logSnr(t)));
  }

  /** dα/dt = ½·α_t·σ_t²·(λ_min − λ_max). */
  dAlpha(t: number): number {
    return 0.5 * this.alpha(t) * this.sigma(t) ** 2 * this.dLogSnr(t);
  }

  /** dσ/dt = −½·σ_t·α_t²·(λ_min − λ_max). */
  dSigma(t: number): number {
    return -0.5 * this.sigma(t) * this.alpha(t) ** 2 * this.dLogSnr(t);
  }

  /** λ_t = (1 − t)·λ_max + t·λ_min. */
  logSnr(t: number): number {
    const u = assertUnitTime('t', t);
    return (1 - u) * this.lambdaMax + u * this.lambdaMin;
  }

  /** dλ/dt = λ_min − λ_max. */
  dLogSnr(t: number): number {
    assertUnitTime('t', t);
    return this.lambdaMin - this.lambdaMax;
  }

  /** t = (λ_max − λ) / (λ_max − λ_min). */
  inverseLogSnr(lambda: number): number {
    return (this.lambdaMax - lambda) / (this.lambdaMax - this.lambdaMin);
  }
}
