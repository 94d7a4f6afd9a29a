import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { NoiseSchedule } from '../schedules/schedule.js';
import { assertOneOf } from '../validation/numbers.js';
import { assertTensor } from '../validation/tensors.js';
import { conversionCoefficients, PREDICTION_TYPES, type PredictionType, type RowCoefficients } from './conversion.js';
import { type PathTime, rowTimes, timeParameter } from './times.js';

const SCHEDULE_METHODS = ['alpha', 'sigma', 'dAlpha', 'dSigma', 'logSnr', 'dLogSnr'] as const;

const UNDEFINED_AT_ENDPOINT_HINT =
  'At σ_t = 0 (t = 0 without σ_min) noise and score cannot be recovered from data; at α_t = 0 (t = 1 on linear ' +
  'and cosine paths) data cannot be recovered from noise or score; dσ/dt is infinite at t = 0 on VP and cosine ' +
  'paths. Use a time strictly inside (0, 1).';

/**
 * The Gaussian probability path x_t = α_t·x_data + σ_t·z of a {@link NoiseSchedule}, on batches of rows.
 *
 * @remarks
 * One class serves flow matching and diffusion alike: `sample` draws x_t for training, `velocity` gives the
 * conditional flow-matching target u_t = α̇_t·x_data + σ̇_t·z, and `convert` turns any prediction type into any
 * other (see {@link PredictionType}) given x_t. Every method computes its per-row coefficients on the host in
 * float64 from the schedule's closed forms (no autodiff), rounds them to float32, and applies them in one
 * broadcast multiply–add: result = a_i·first + b_i·second for row i.
 *
 * Time convention: t = 0 is data, t = 1 is the prior. `t` is one number for every row or one per row.
 *
 * @example
 * ```ts
 * const path = new AffinePath(new LinearSchedule());
 * const x = randomNormal([128, 2], 1);
 * const z = randomNormal([128, 2], 2);
 * const t = Array.from({ length: 128 }, (_, i) => (i + 0.5) / 128);   // one time per row
 * const xt = path.sample(x, z, t);        // (1 − t)·x + t·z
 * const target = path.velocity(x, z, t);  // z − x
 * tf.dispose([x, z, xt, target]);
 * ```
 * @see Lipman et al., "Flow Matching for Generative Modeling", ICLR 2023.
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 * @see Kingma et al., "Variational Diffusion Models", NeurIPS 2021.
 */
export class AffinePath {
  /** The schedule giving α_t and σ_t. */
  readonly schedule: NoiseSchedule;

  /**
   * @param schedule - Any {@link NoiseSchedule}.
   * @throws {@link InvalidArgumentError} naming `schedule` when it lacks a schedule method.
   */
  constructor(schedule: NoiseSchedule) {
    const candidate = schedule as unknown as Record<string, unknown> | null;
    if (typeof candidate !== 'object' || candidate === null) {
      throw new InvalidArgumentError('schedule', 'a NoiseSchedule', schedule);
    }
    for (const method of SCHEDULE_METHODS) {
      if (typeof candidate[method] !== 'function') {
        throw new InvalidArgumentError('schedule', `a NoiseSchedule (with a ${method}(t) method)`, schedule);
      }
    }
    this.schedule = schedule;
  }

  /**
   * Draws x_t = α_t·x_data + σ_t·z from given data and noise.
   *
   * @remarks
   * Row i uses time t_i: x_t[i] = α(t_i)·xData[i] + σ(t_i)·noise[i].
   *
   * @param xData - Data points, float32 [N, D].
   * @param noise - Standard normal draws z, float32 [N, D].
   * @param t - One time in [0, 1], or N times.
   * @returns x_t, float32 [N, D], owned by the caller; the inputs are not disposed.
   * @throws {@link ShapeError} naming `xData` (not rank 2), `noise` (shape differs from `xData`) or `t` (length
   *   not N); {@link InvalidArgumentError} naming `xData`/`noise` (not a live float32 tensor) or `t`/`t[i]` (outside
   *   [0, 1]).
   * @example
   * ```ts
   * const xt = new AffinePath(new VPSchedule()).sample(x, z, 0.5);
   * ```
   */
  sample(xData: tf.Tensor, noise: tf.Tensor, t: PathTime): tf.Tensor {
    this.checkPair('xData', xData, 'noise', noise);
    return this.combine(xData, noise, t, 'x_t', (u) => [this.schedule.alpha(u), this.schedule.sigma(u)]);
  }

  /**
   * The conditional velocity u_t = dx_t/dt = α̇_t·x_data + σ̇_t·z: the flow-matching regression target.
   *
   * @remarks
   * For the linear schedule with σ_min = 0 this is z − x_data, constant in t.
   *
   * @param xData - Data points, float32 [N, D].
   * @param noise - Standard normal draws z, float32 [N, D].
   * @param t - One time in [0, 1], or N times.
   * @returns u_t, float32 [N, D], owned by the caller; the inputs are not disposed.
   * @throws {@link ShapeError} and {@link InvalidArgumentError} as {@link AffinePath.sample}; also
   *   {@link InvalidArgumentError} naming `t` (or `t[i]`) where σ̇_t is infinite (t = 0 on VP and cosine paths).
   * @example
   * ```ts
   * const target = new AffinePath(new LinearSchedule()).velocity(x, z, t);   // z − x
   * ```
   */
  velocity(xData: tf.Tensor, noise: tf.Tensor, t: PathTime): tf.Tensor {
    this.checkPair('xData', xData, 'noise', noise);
    return this.combine(xData, noise, t, 'the velocity α̇·x + σ̇·z', (u) => [
      this.schedule.dAlpha(u),
      this.schedule.dSigma(u),
    ]);
  }

  /**
   * Converts a prediction of one type into another at the same x_t and t.
   *
   * @remarks
   * Solves x_t = α_t·x̂_data + σ_t·ẑ together with the given prediction for the pair (x̂_data, ẑ), then forms
   * the wanted type from it; the result is a_i·prediction + b_i·x_t with float64 weights per row (see
   * {@link PredictionType} for the four types):
   *
   * - data ↔ noise: ẑ = (x_t − α·x̂)/σ, x̂ = (x_t − σ·ẑ)/α.
   * - score: s = −ẑ/σ.
   * - velocity: v = α̇·x̂ + σ̇·ẑ; conversely x̂ = (σ̇·x_t − σ·v)/D, ẑ = (α·v − α̇·x_t)/D with
   *   D = α·σ̇ − σ·α̇ = −½·α·σ·dλ/dt.
   *
   * Converting a type to itself returns a copy. A conversion whose weights are not finite at some row's time
   * throws instead of returning NaN or ∞.
   *
   * @param prediction - The given prediction, float32 [N, D].
   * @param from - Its type.
   * @param to - The type wanted.
   * @param xt - The noisy points x_t the prediction was made at, float32 [N, D].
   * @param t - One time in [0, 1], or N times.
   * @returns The prediction of type `to`, float32 [N, D], owned by the caller; the inputs are not disposed.
   * @throws {@link ShapeError} naming `prediction` (not rank 2), `xt` (shape differs) or `t` (length not N);
   *   {@link InvalidArgumentError} naming `from`/`to` (not a {@link PredictionType}), `prediction`/`xt` (not a
   *   live float32 tensor), or `t`/`t[i]` (outside [0, 1], or a time where this conversion is undefined: noise or
   *   score from data at σ_t = 0, data from noise or score at α_t = 0, anything through infinite σ̇_t).
   * @example
   * ```ts
   * const path = new AffinePath(new VPSchedule());
   * const epsHat = model.predict(xt);                                // ε-prediction
   * const x0Hat = path.convert(epsHat, 'noise', 'data', xt, t);      // (x_t − σ·ε̂)/α
   * const vHat = path.convert(epsHat, 'noise', 'velocity', xt, t);   // for an ODE sampler
   * ```
   * @see Lu et al., "DPM-Solver: A Fast ODE Solver for Diffusion Probabilistic Model Sampling in Around 10 Steps",
   *   NeurIPS 2022.
   */
  convert(prediction: tf.Tensor, from: PredictionType, to: PredictionType, xt: tf.Tensor, t: PathTime): tf.Tensor {
    this.checkPair('prediction', prediction, 'xt', xt);
    const source = assertOneOf('from', from, PREDICTION_TYPES);
    const target = assertOneOf('to', to, PREDICTION_TYPES);
    return this.combine(prediction, xt, t, `converting "${source}" to "${target}"`, (u) =>
      conversionCoefficients(this.schedule, source, target, u),
    );
  }

  /** Checks that `first` is a live float32 [N, D] tensor and `second` has its shape and dtype. */
  private checkPair(firstName: string, first: tf.Tensor, secondName: string, second: tf.Tensor): void {
    assertTensor(firstName, first, { rank: 2, dtype: 'float32' });
    assertTensor(secondName, second, { shape: first.shape, dtype: 'float32' });
  }

  /** Row i of the result is a(t_i)·first[i] + b(t_i)·second[i]; throws where a weight is not finite. */
  private combine(
    first: tf.Tensor,
    second: tf.Tensor,
    t: PathTime,
    what: string,
    coefficients: (t: number) => RowCoefficients,
  ): tf.Tensor {
    const n = first.shape[0] as number;
    const times = rowTimes(t, n);
    const a = new Float32Array(n);
    const b = new Float32Array(n);
    for (const [i, ti] of times.entries()) {
      [a[i], b[i]] = coefficients(ti);
      if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) {
        throw new InvalidArgumentError(
          timeParameter(t, i),
          `a time at which ${what} is finite on the "${this.schedule.name}" schedule`,
          ti,
          UNDEFINED_AT_ENDPOINT_HINT,
        );
      }
    }
    return tf.tidy(() => tf.add(tf.mul(first, tf.tensor2d(a, [n, 1])), tf.mul(second, tf.tensor2d(b, [n, 1]))));
  }
}
