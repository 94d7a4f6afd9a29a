import type { Tensor } from '@tensorflow/tfjs';
import type { Seed } from '../random/hash.js';

/**
 * A probability distribution on ℝᴰ with a tractable density and a seeded sampler: the prior (or a test target)
 * of a flow or diffusion model.
 *
 * @remarks
 * `logProb` returns log p(x) in nats for each row of a batch. `sample` draws on the host with the seeded
 * {@link Rng}, so the same seed gives the same samples on every backend. Parameters live on the host as JS
 * numbers; every tensor a method makes internally is disposed before it returns.
 *
 * @example
 * ```ts
 * const prior: Distribution = new StandardNormal(2);
 * const z = prior.sample(1024, 7); // [1024, 2]
 * const logp = prior.logProb(z);   // [1024]
 * tf.dispose([z, logp]);
 * ```
 */
export interface Distribution {
  /** The dimension D of the space the distribution lives on. */
  readonly dim: number;

  /**
   * The log-density log p(x) of each row of `x`.
   *
   * @param x - A float32 batch of points, shape [N, D] with D = `dim`; not disposed.
   * @returns log p(x) per row, shape [N], a new tensor owned by the caller.
   * @throws {@link ShapeError} when `x` is not [N, D]; {@link InvalidArgumentError} when it is not a live
   *   float32 tensor.
   */
  logProb(x: Tensor): Tensor;

  /**
   * Draws `n` independent samples, reproducibly from `seed`.
   *
   * @param n - The number of samples, a positive integer.
   * @param seed - A non-negative safe integer.
   * @returns A float32 tensor of shape [n, D], owned by the caller.
   * @throws {@link InvalidArgumentError} when `n` or `seed` is invalid, or the sample would not fit in memory.
   */
  sample(n: number, seed: Seed): Tensor;
}
