import type { Seed } from '@gen/core';
import { assertInteger, requireMemory } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';

/**
 * A source of training data: draws seeded minibatches of points in ℝᴰ.
 *
 * @remarks
 * `sample(n, seed)` is a pure function of its arguments: the same `n` and `seed` give the same batch on every
 * backend (draws go through the core `Rng`, never `Math.random`). Different seeds give independent batches.
 *
 * @example
 * ```ts
 * const data: Dataset = toyDataset('moons');
 * const batch = data.sample(256, step); // [256, 2]
 * batch.dispose();
 * ```
 */
export interface Dataset {
  /** A short identifier for logs and messages, e.g. `"moons"`. */
  readonly name: string;
  /** The dimension D of every point. */
  readonly dim: number;
  /**
   * Draws a minibatch.
   *
   * @param n - The number of points, an integer ≥ 1.
   * @param seed - A non-negative safe integer.
   * @returns A float32 tensor [n, D], owned by the caller.
   * @throws `InvalidArgumentError` naming `n` or `seed`.
   */
  sample(n: number, seed: Seed): tf.Tensor;
}

/**
 * Draws `n` points of dimension `dim` on the host, row-major, from a seeded generator.
 *
 * @param n - The number of points.
 * @param seed - The seed of this batch.
 * @returns n·dim values, row-major (float64 or float32).
 */
export type HostSampler = (n: number, seed: Seed) => Float64Array | Float32Array;

/**
 * Builds a {@link Dataset} from a host sampler: validates `n` and `seed` (and refuses with a `ResourceLimitError`
 * a batch whose float64 draw would exceed the allocation limit), draws, and uploads one float32 tensor.
 *
 * @param name - The dataset's name.
 * @param dim - The dimension D.
 * @param draw - Produces n·D row-major values for a batch.
 * @returns The dataset.
 * @example
 * ```ts
 * const uniformSquare = defineDataset('square', 2, (n, seed) => new Rng(seed).fillUniform(new Float64Array(2 * n)));
 * ```
 */
export function defineDataset(name: string, dim: number, draw: HostSampler): Dataset {
  return {
    name,
    dim,
    sample(n: number, seed: Seed): tf.Tensor {
      assertInteger('n', n, 1);
      assertInteger('seed', seed);
      requireMemory('n', n, n * dim * 8, `[n, ${dim}] sample (drawn in float64 on the host)`);
      return tf.tensor2d(Float32Array.from(draw(n, seed)), [n, dim], 'float32');
    },
  };
}
