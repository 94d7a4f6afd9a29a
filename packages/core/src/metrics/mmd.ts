import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertPointSets } from '../ot/point-sets.js';
import { assertPositive } from '../validation/numbers.js';
import { medianPairwiseDistance } from './median-heuristic.js';
import { PooledDistances } from './pooled.js';

/** Options of {@link mmd2}. */
export interface Mmd2Options {
  /**
   * The RBF bandwidth h > 0, or several whose kernels are summed; default: the median heuristic (the median of
   * the pairwise distances ‖zᵢ − zⱼ‖, i < j, of the pooled sample z = x ∪ y).
   */
  bandwidth?: number | readonly number[];
}

/**
 * The unbiased squared maximum mean discrepancy between two samples under a Gaussian (RBF) kernel.
 *
 * @remarks
 * With k(a, b) = Σ_h exp(−‖a − b‖²/(2h²)) (one term per bandwidth),
 *
 *   MMD²ᵤ = Σ_{i≠i'} k(xᵢ, xᵢ')/(N(N−1)) + Σ_{j≠j'} k(yⱼ, yⱼ')/(M(M−1)) − 2·Σᵢⱼ k(xᵢ, yⱼ)/(N·M),
 *
 * the U-statistic of Gretton et al. (2012, eq. 3): an unbiased estimate of the population MMD², so it can be
 * slightly negative when both samples come from the same distribution (its spread is then O(1/N)). Distances are
 * computed with tfjs in float32 over the pooled sample, one block of rows at a time (memory O(block·(N+M)),
 * never the whole (N+M)² matrix), and the kernel's block sums are accumulated in float64. The median heuristic
 * selects the exact median of the (N+M)(N+M−1)/2 distinct pairs by a radix selection over the row blocks (two
 * more passes over the distances, no matrix stored).
 *
 * @param x - Sample [N, D], float32, N ≥ 2; not disposed.
 * @param y - Sample [M, D], float32, M ≥ 2; not disposed.
 * @param options - The bandwidth(s); omit for the median heuristic.
 * @returns MMD²ᵤ as a JS number; no tensors are retained.
 * @throws {@link InvalidArgumentError} for a non-tensor sample, a bandwidth that is not positive and finite (or an
 *   empty list), or a pooled sample whose median distance is 0; {@link ShapeError} for a rank other than 2,
 *   fewer than 2 rows, or a dimension mismatch.
 * @example
 * ```ts
 * const score = mmd2(generated, reference, { bandwidth: [0.5, 1, 2] });
 * ```
 * @see Gretton, Borgwardt, Rasch, Schölkopf & Smola, "A kernel two-sample test", JMLR 13, 2012.
 */
export function mmd2(x: tf.Tensor, y: tf.Tensor, options: Mmd2Options = {}): number {
  const { n, m } = assertPointSets(x, y, 2);
  const given = options.bandwidth === undefined ? undefined : checkBandwidths(options.bandwidth);
  const pooled = new PooledDistances(x, y);
  try {
    const bandwidths = given ?? [medianBandwidth(pooled)];
    const sums = pooled.sums((d2) => tf.addN(bandwidths.map((h) => tf.exp(tf.mul(d2, -1 / (2 * h * h))))));
    const diagonal = bandwidths.length; // k(z, z) = 1 per bandwidth
    return (
      (sums.xx - n * diagonal) / (n * (n - 1)) + (sums.yy - m * diagonal) / (m * (m - 1)) - (2 * sums.xy) / (n * m)
    );
  } finally {
    pooled.dispose();
  }
}

function checkBandwidths(bandwidth: unknown): number[] {
  if (!Array.isArray(bandwidth)) return [assertPositive('options.bandwidth', bandwidth)];
  if (bandwidth.length === 0) {
    throw new InvalidArgumentError('options.bandwidth', 'a positive number or a non-empty list of them', bandwidth);
  }
  return bandwidth.map((h, i) => assertPositive(`options.bandwidth[${i}]`, h));
}

function medianBandwidth(pooled: PooledDistances): number {
  const median = medianPairwiseDistance(pooled);
  if (!(median > 0)) {
    throw new InvalidArgumentError(
      'options.bandwidth',
      'a positive bandwidth',
      median,
      'The median heuristic gave 0 (most pooled points coincide); pass options.bandwidth.',
    );
  }
  return median;
}
