import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertNonNegative } from '../validation/numbers.js';
import type { NoiseSchedule } from './schedule.js';
import { assertUnitTime } from './unit-time.js';

/** Options of {@link LinearSchedule}. */
export interface LinearScheduleOptions {
  /** Noise scale left in x_0, in [0, 1) (default 0: the rectified-flow path, x_0 = x_data exactly). */
  sigmaMin?: number;
}

/**
 * The conditional optimal-transport (rectified-flow) schedule: α_t = 1 − t, σ_t = σ_min + (1 − σ_min)·t.
 *
 * @remarks
 * Lipman et al.'s CondOT path ψ_t(z) = (1 − (1 − σ_min)·t)·z + t·x₁ runs from noise at t = 0 to data at t = 1;
 * with gen's convention (t = 0 data, t = 1 noise) the same straight-line interpolation reads
 * x_t = (1 − t)·x_data + (σ_min + (1 − σ_min)·t)·z: pure noise at t = 1 and data blurred by σ_min at t = 0. The
 * conditional velocity dx_t/dt = −x_data + (1 − σ_min)·z is constant in t. With σ_min = 0 this is the
 * rectified-flow path of Liu et al. 2023.
 *
 * - dα/dt = −1, dσ/dt = 1 − σ_min.
 * - λ_t = 2·log((1 − t)/σ_t), dλ/dt = −2/(1 − t) − 2(1 − σ_min)/σ_t.
 * - Edges: λ_1 = −∞ (α_1 = 0); with σ_min = 0 also λ_0 = +∞; dλ/dt = −∞ wherever λ is infinite.
 * - Inverse: with q = e^{λ/2}, t = (1 − q·σ_min)/(1 + q·(1 − σ_min)).
 *
 * `sigma` is evaluated as (1 − t)·σ_min + t so that σ_1 = 1 exactly.
 *
 * @example
 * ```ts
 * const schedule = new LinearSchedule();            // rectified flow
 * schedule.alpha(0.25);                             // 0.75
 * schedule.sigma(0.25);                             // 0.25
 * new LinearSchedule({ sigmaMin: 1e-4 }).sigma(0);  // 1e-4
 * ```
 * @see Lipman et al., "Flow Matching for Generative Modeling", ICLR 2023.
 * @see Liu et al., "Flow Straight and Fast: Learning to Generate and Transfer Data with Rectified Flow", ICLR 2023.
 */
export class LinearSchedule implements NoiseSchedule {
  readonly name = 'linear';
  /** The noise scale σ_0 left at t = 0. */
  readonly sigmaMin: number;

  /**
   * @param options - `sigmaMin` in [0, 1) (default 0).
   * @throws {@link InvalidArgumentError} naming `options.sigmaMin` when it is not a finite number in [0, 1).
   *   Every method throws {@link InvalidArgumentError} naming `t` for a time outside [0, 1].
   */
  constructor(options: LinearScheduleOptions = {}) {
    const { sigmaMin = 0 } = options;
    assertNonNegative('options.sigmaMin', sigmaMin);
    if (!(sigmaMin < 1)) throw new InvalidArgumentError('options.sigmaMin', 'a number in [0, 1)', sigmaMin);
    this.sigmaMin = sigmaMin;
  }

  /** α_t = 1 − t. */
  alpha(t: number): number {
    return 1 - assertUnitTime('t', t);
  }

  /** σ_t = (1 − t)·σ_min + t. */
  sigma(t: number): number {
    const u = assertUnitTime('t', t);
    return (1 - u) * this.sigmaMin + u;
  }

  /** dα/dt = −1. */
  dAlpha(t: number): number {
    assertUnitTime('t', t);
    return -1;
  }

  /** dσ/dt = 1 − σ_min. */
  dSigma(t: number): number {
    assertUnitTime('t', t);
    return 1 - this.sigmaMin;
  }

  /** λ_t = 2·(log α_t − log σ_t); ±Infinity where σ_t or α_t is 0. */
  logSnr(t: number): number {
    return 2 * (Math.log(this.alpha(t)) - Math.log(this.sigma(t)));
  }

  /** dλ/dt = −2/α_t − 2(1 − σ_min)/σ_t; −Infinity where α_t or σ_t is 0. */
  dLogSnr(t: number): number {
    return -2 / this.alpha(t) - (2 * (1 - this.sigmaMin)) / this.sigma(t);
  }

  /** t = (1 − q·σ_min)/(1 + q·(1 − σ_min)) with q = e^{λ/2}. */
  inverseLogSnr(lambda: number): number {
    const q = Math.exp(lambda / 2);
    return (1 - q * this.sigmaMin) / (1 + q * (1 - this.sigmaMin));
  }
}
