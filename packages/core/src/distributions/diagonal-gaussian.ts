import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Seed } from '../random/hash.js';
import { Rng } from '../random/rng.js';
import { assertBatch, assertSampleArgs, finiteVector, LOG_2PI, positiveVector } from './checks.js';
import type { Distribution } from './distribution.js';

/** Options of {@link DiagonalGaussian}. */
export interface DiagonalGaussianOptions {
  /** The mean μ, length D. */
  mean: readonly number[];
  /** The per-coordinate standard deviations σ, length D, all positive. */
  std: readonly number[];
}

/**
 * A Gaussian N(μ, diag(σ²)) with independent coordinates.
 *
 * @remarks
 * log p(x) = −½ Σ_d ((x_d − μ_d)/σ_d)² − Σ_d log σ_d − (D/2)·log(2π). The normalising constant is computed in
 * float64 on the host; samples are μ + σ ⊙ z with z ~ N(0, I) from the host {@link Rng}.
 *
 * @example
 * ```ts
 * const q = new DiagonalGaussian({ mean: [1, -2], std: [0.5, 3] });
 * const x = q.sample(512, 1);  // [512, 2]
 * const logq = q.logProb(x);   // [512]
 * tf.dispose([x, logq]);
 * ```
 */
export class DiagonalGaussian implements Distribution {
  /** The dimension D. */
  readonly dim: number;
  /** The mean μ (a frozen copy). */
  readonly mean: readonly number[];
  /** The standard deviations σ (a frozen copy). */
  readonly std: readonly number[];
  private readonly logNormaliser: number;
  private readonly meanF32: Float32Array;
  private readonly invStdF32: Float32Array;

  /**
   * @param options - The mean and standard deviations, equal lengths.
   * @throws {@link InvalidArgumentError} when `options` is not an object, `mean` is not a non-empty array of
   *   finite numbers, or `std` does not have the same length or has an entry that is not positive.
   */
  constructor(options: DiagonalGaussianOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('options', 'an object { mean, std }', options);
    }
    this.mean = finiteVector('options.mean', options.mean);
    this.std = positiveVector('options.std', options.std, this.mean.length);
    this.dim = this.mean.length;
    this.logNormaliser = -this.std.reduce((s, v) => s + Math.log(v), 0) - 0.5 * this.dim * LOG_2PI;
    this.meanF32 = Float32Array.from(this.mean);
    this.invStdF32 = Float32Array.from(this.std, (v) => 1 / v);
  }

  /**
   * The log-density of each row.
   *
   * @param x - A float32 batch, shape [N, D]; not disposed.
   * @returns log p(x), shape [N], a new tensor owned by the caller.
   * @throws {@link ShapeError} when `x` is not [N, D]; {@link InvalidArgumentError} when it is not a live
   *   float32 tensor.
   */
  logProb(x: tf.Tensor): tf.Tensor {
    assertBatch(x, this.dim);
    return tf.tidy(() => {
      const z = tf.mul(tf.sub(x, tf.tensor1d(this.meanF32)), tf.tensor1d(this.invStdF32));
      return tf.add(tf.mul(tf.sum(tf.square(z), 1), -0.5), this.logNormaliser);
    });
  }

  /**
   * Draws `n` samples μ + σ ⊙ z with the host {@link Rng}.
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
    for (let i = 0; i < values.length; i += 1) {
      const d = i % this.dim;
      values[i] = (this.mean[d] as number) + (this.std[d] as number) * rng.normal();
    }
    return tf.tensor2d(values, [n, this.dim]);
  }
}
