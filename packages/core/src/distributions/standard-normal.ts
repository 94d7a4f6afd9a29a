import * as tf from '@tensorflow/tfjs';
import type { Seed } from '../random/hash.js';
import { randomNormal } from '../random/tensors.js';
import { assertInteger } from '../validation/numbers.js';
import { assertBatch, assertSampleArgs, LOG_2PI } from './checks.js';
import type { Distribution } from './distribution.js';

/**
 * The standard normal distribution N(0, I) on ℝᴰ: the usual prior of flows and diffusion models.
 *
 * @remarks
 * log p(x) = −½‖x‖² − (D/2)·log(2π). The constant is computed in float64 on the host.
 *
 * @example
 * ```ts
 * const prior = new StandardNormal(2);
 * const z = prior.sample(1024, 0);  // [1024, 2]
 * const logp = prior.logProb(z);    // [1024]
 * tf.dispose([z, logp]);
 * ```
 */
export class StandardNormal implements Distribution {
  /** The dimension D. */
  readonly dim: number;

  /**
   * @param dim - The dimension D, a positive integer.
   * @throws {@link InvalidArgumentError} when `dim` is not a positive integer.
   */
  constructor(dim: number) {
    this.dim = assertInteger('dim', dim, 1);
  }

  /**
   * The log-density −½‖x‖² − (D/2)·log(2π) of each row.
   *
   * @param x - A float32 batch, shape [N, D]; not disposed.
   * @returns log p(x), shape [N], a new tensor owned by the caller.
   * @throws {@link ShapeError} when `x` is not [N, D]; {@link InvalidArgumentError} when it is not a live
   *   float32 tensor.
   */
  logProb(x: tf.Tensor): tf.Tensor {
    assertBatch(x, this.dim);
    const logNormaliser = -0.5 * this.dim * LOG_2PI;
    return tf.tidy(() => tf.add(tf.mul(tf.sum(tf.square(x), 1), -0.5), logNormaliser));
  }

  /**
   * Draws `n` samples with the host {@link Rng} (Box–Muller).
   *
   * @param n - The number of samples, a positive integer.
   * @param seed - A non-negative safe integer.
   * @returns A float32 tensor [n, D], owned by the caller.
   * @throws {@link InvalidArgumentError} when `n` or `seed` is invalid; {@link ResourceLimitError} when the
   *   sample would exceed the allocation limit (see `setAllocationLimit`).
   */
  sample(n: number, seed: Seed): tf.Tensor {
    assertSampleArgs(n, seed, this.dim);
    return randomNormal([n, this.dim], seed);
  }
}
