import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Seed } from '../random/hash.js';
import { Rng } from '../random/rng.js';
import { assertPositive } from '../validation/numbers.js';
import { assertBatch, assertSampleArgs, finiteVector, LOG_2PI, positiveVector } from './checks.js';
import type { Distribution } from './distribution.js';

/** Options of {@link GaussianMixture}. */
export interface GaussianMixtureOptions {
  /** Positive component weights, length K; normalised to sum to 1. */
  weights: readonly number[];
  /** Component means, K rows of length D. */
  means: readonly (readonly number[])[];
  /**
   * Component standard deviations, one entry per component: a number σ_k (isotropic, σ_k·I) or a row of D
   * numbers (diagonal), e.g. `[0.5, 0.5]`, `[[1, 2], [0.5, 0.5]]` or `[0.5, [1, 2]]`.
   */
  stds: readonly (number | readonly number[])[];
}

/**
 * A mixture of K Gaussians with diagonal (or isotropic) covariances: the standard multi-modal test target.
 *
 * @remarks
 * p(x) = Σ_k w_k·N(x; μ_k, diag(σ_k²)) with w normalised to sum to 1. The log-density is evaluated stably as
 * log p(x) = logsumexp_k [log w_k − Σ_d log σ_kd − (D/2)·log(2π) − ½ Σ_d ((x_d − μ_kd)/σ_kd)²], so points far
 * from every component get a finite (very negative) value instead of log 0. Sampling picks component k with
 * probability w_k, then draws μ_k + σ_k ⊙ z, all with the host {@link Rng}. `logProb` holds an [N, K, D]
 * intermediate.
 *
 * @example
 * ```ts
 * const target = new GaussianMixture({
 *   weights: [1, 1, 2],
 *   means: [[-4, 0], [4, 0], [0, 4]],
 *   stds: [0.5, 0.5, [1, 0.25]],
 * });
 * const x = target.sample(1000, 3);  // [1000, 2]
 * const logp = target.logProb(x);    // [1000]
 * tf.dispose([x, logp]);
 * ```
 * @see C. M. Bishop, "Pattern Recognition and Machine Learning", Springer 2006, §9.2.
 */
export class GaussianMixture implements Distribution {
  /** The dimension D. */
  readonly dim: number;
  /** The normalised weights w, length K (a frozen copy). */
  readonly weights: readonly number[];
  /** The means μ_k, K rows of length D (frozen copies). */
  readonly means: readonly (readonly number[])[];
  /** The standard deviations σ_k, always as K rows of length D (frozen copies). */
  readonly stds: readonly (readonly number[])[];
  private readonly logNormalisers: Float32Array;
  private readonly meansF32: Float32Array;
  private readonly invStdsF32: Float32Array;

  /**
   * @param options - Weights, means and standard deviations of the K components.
   * @throws {@link InvalidArgumentError} when `options` is not an object, a weight or standard deviation is not
   *   positive, a mean is not finite, or the lengths of `weights`, `means`, `stds` and their rows disagree.
   */
  constructor(options: GaussianMixtureOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('options', 'an object { weights, means, stds }', options);
    }
    const raw = positiveVector('options.weights', options.weights);
    const k = raw.length;
    const total = raw.reduce((a, b) => a + b, 0);
    this.weights = Object.freeze(raw.map((w) => w / total));
    if (!Array.isArray(options.means) || options.means.length !== k) {
      throw new InvalidArgumentError('options.means', `an array of ${k} rows (one per weight)`, options.means);
    }
    this.dim = finiteVector('options.means[0]', options.means[0]).length;
    this.means = Object.freeze(options.means.map((row, i) => finiteVector(`options.means[${i}]`, row, this.dim)));
    if (!Array.isArray(options.stds) || options.stds.length !== k) {
      throw new InvalidArgumentError('options.stds', `an array of ${k} entries (one per weight)`, options.stds);
    }
    this.stds = Object.freeze(
      options.stds.map((entry, i) =>
        typeof entry === 'number'
          ? Object.freeze(new Array<number>(this.dim).fill(assertPositive(`options.stds[${i}]`, entry)))
          : positiveVector(`options.stds[${i}]`, entry, this.dim),
      ),
    );
    this.logNormalisers = Float32Array.from(
      this.stds,
      (row, i) =>
        Math.log(this.weights[i] as number) - row.reduce((s, v) => s + Math.log(v), 0) - 0.5 * this.dim * LOG_2PI,
    );
    this.meansF32 = Float32Array.from(this.means.flat());
    this.invStdsF32 = Float32Array.from(this.stds.flat(), (v) => 1 / v);
  }

  /**
   * The log-density of each row, by a log-sum-exp over components.
   *
   * @param x - A float32 batch, shape [N, D]; not disposed.
   * @returns log p(x), shape [N], a new tensor owned by the caller.
   * @throws {@link ShapeError} when `x` is not [N, D]; {@link InvalidArgumentError} when it is not a live
   *   float32 tensor.
   */
  logProb(x: tf.Tensor): tf.Tensor {
    assertBatch(x, this.dim);
    const shape: [number, number] = [this.weights.length, this.dim];
    return tf.tidy(() => {
      const centred = tf.sub(tf.expandDims(x, 1), tf.tensor2d(this.meansF32, shape)); // [N, K, D]
      const z = tf.mul(centred, tf.tensor2d(this.invStdsF32, shape));
      const logits = tf.add(tf.mul(tf.sum(tf.square(z), 2), -0.5), tf.tensor1d(this.logNormalisers)); // [N, K]
      return tf.logSumExp(logits, 1);
    });
  }

  /**
   * Draws `n` samples: a component k ~ w, then μ_k + σ_k ⊙ z, with the host {@link Rng}.
   *
   * @param n - The number of samples, a positive integer.
   * @param seed - A non-negative safe integer.
   * @returns A float32 tensor [n, D], owned by the caller.
   * @throws {@link InvalidArgumentError} when `n` or `seed` is invalid; {@link ResourceLimitError} when the
   *   sample would exceed the allocation limit (see `setAllocationLimit`).
   */
  sample(n: number, seed: Seed): tf.Tensor {
    assertSampleArgs(n, seed, this.dim);
    const rng = new Rng(seed);
    const values = new Float32Array(n * this.dim);
    for (let i = 0; i < n; i += 1) {
      const k = this.pickComponent(rng.uniform());
      const mean = this.means[k] as readonly number[];
      const std = this.stds[k] as readonly number[];
      for (let d = 0; d < this.dim; d += 1) {
        values[i * this.dim + d] = (mean[d] as number) + (std[d] as number) * rng.normal();
      }
    }
    return tf.tensor2d(values, [n, this.dim]);
  }

  /** The component whose cumulative-weight interval contains `u` ∈ [0, 1). */
  private pickComponent(u: number): number {
    let cumulative = 0;
    for (let k = 0; k + 1 < this.weights.length; k += 1) {
      cumulative += this.weights[k] as number;
      if (u < cumulative) return k;
    }
    return this.weights.length - 1;
  }
}
