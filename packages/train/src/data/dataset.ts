import type { Seed } from '@gen/core';
import { assertInteger, requireMemory } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';

/**
 * A source of training data: draws seeded minibatches of samples of one shape (points in ℝᴰ, or images).
 *
 * @remarks
 * `sample(n, seed)` is a pure function of its arguments: the same `n` and `seed` give the same batch on every
 * backend (draws go through the core `Rng`, never `Math.random`). Different seeds give independent batches.
 * Labelled data (`classes` set) also has `sampleLabelled`, which returns the same `x` as `sample` for the same
 * arguments, with the label of each sample.
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
  /** The number of values D of one sample: the product of `shape`. */
  readonly dim: number;
  /** The shape of one sample: `[D]` for points, `[H, W, C]` for images. */
  readonly shape: readonly number[];
  /** The number of classes K of labelled data (labels 0 … K − 1); `undefined` for unlabelled data. */
  readonly classes?: number;
  /**
   * Draws a minibatch.
   *
   * @param n - The number of samples, an integer ≥ 1.
   * @param seed - A non-negative safe integer.
   * @returns A float32 tensor [n, ...shape], owned by the caller.
   * @throws `InvalidArgumentError` naming `n` or `seed`.
   */
  sample(n: number, seed: Seed): tf.Tensor;
  /**
   * Draws a minibatch with its labels (labelled data only): `x` equals what `sample(n, seed)` returns.
   *
   * @param n - The number of samples, an integer ≥ 1.
   * @param seed - A non-negative safe integer.
   * @returns `x`, float32 [n, ...shape], and `labels`, int32 [n] with values 0 … K − 1; both owned by the caller.
   * @throws `InvalidArgumentError` naming `n` or `seed`.
   */
  sampleLabelled?(n: number, seed: Seed): LabelledBatch;
}

/** A minibatch of labelled samples. Both tensors are owned by the caller. */
export interface LabelledBatch {
  /** The samples, float32 [n, ...shape]. */
  x: tf.Tensor;
  /** Their labels, int32 [n], values 0 … K − 1. */
  labels: tf.Tensor;
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
    shape: Object.freeze([dim]),
    sample(n: number, seed: Seed): tf.Tensor {
      assertInteger('n', n, 1);
      assertInteger('seed', seed);
      requireMemory('n', n, n * dim * 8, `[n, ${dim}] sample (drawn in float64 on the host)`);
      return tf.tensor2d(Float32Array.from(draw(n, seed)), [n, dim], 'float32');
    },
  };
}
