import * as tf from '@tensorflow/tfjs';
import { assertPointSets } from '../ot/point-sets.js';
import { PooledDistances } from './pooled.js';

/**
 * The energy distance between two samples: 2·E‖X − Y‖ − E‖X − X'‖ − E‖Y − Y'‖, estimated without bias.
 *
 * @remarks
 * The cross term is the mean over all N·M pairs; the within terms are U-statistics over distinct pairs,
 * Σ_{i≠i'} ‖xᵢ − xᵢ'‖/(N(N−1)) and likewise for y, which is the standard choice and makes the whole estimate
 * unbiased for the population energy distance (so it can be slightly negative for samples from one
 * distribution). This is the distance itself, not its square root, and not the test statistic
 * N·M/(N+M) times it. The population value is 0 exactly when the distributions coincide. Distances are
 * computed with tfjs in float32 over the pooled sample, one block of rows at a time (never the whole (N+M)²
 * matrix); block sums are accumulated in float64.
 *
 * @param x - Sample [N, D], float32, N ≥ 2; not disposed.
 * @param y - Sample [M, D], float32, M ≥ 2; not disposed.
 * @returns The energy distance estimate as a JS number; no tensors are retained.
 * @throws {@link InvalidArgumentError} for a non-tensor sample; {@link ShapeError} for a rank other than 2,
 *   fewer than 2 rows, or a dimension mismatch.
 * @example
 * ```ts
 * const e = energyDistance(generated, reference);
 * ```
 * @see Székely & Rizzo, "Energy statistics: a class of statistics based on distances", J. Statistical Planning
 *   and Inference 143, 2013.
 */
export function energyDistance(x: tf.Tensor, y: tf.Tensor): number {
  const { n, m } = assertPointSets(x, y, 2);
  const pooled = new PooledDistances(x, y);
  try {
    const sums = pooled.sums(tf.sqrt);
    return (2 * sums.xy) / (n * m) - sums.xx / (n * (n - 1)) - sums.yy / (m * (m - 1));
  } finally {
    pooled.dispose();
  }
}
