import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertPointSets } from '../ot/point-sets.js';
import { assertPositive } from '../validation/numbers.js';
import { medianPairwiseDistance } from './median-heuristic.js';
import { blockSums, pooledSquaredDistances } from './pooled.js';

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
 * computed with tfjs in float32 over the pooled sample and the kernel's block sums are accumulated in float64.
 * The median heuristic reads the (N+M)² pooled squared distances back once and selects the median of the
 * (N+M)(N+M−1)/2 distinct pairs.
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
  const d2 = pooledSquaredDistances(x, y);
  try {
    const bandwidths = given ?? [medianBandwidth(d2.dataSync(), n + m)];
    const kernel = tf.tidy(() => tf.addN(bandwidths.map((h) => tf.exp(tf.mul(d2, -1 / (2 * h * h)))))) as tf.Tensor2D;
    const sums = blockSums(kernel, n);
    kernel.dispose();
    const diagonal = bandwidths.length; // k(z, z) = 1 per bandwidth
    return (
      (sums.xx - n * diagonal) / (n * (n - 1)) + (sums.yy - m * diagonal) / (m * (m - 1)) - (2 * sums.xy) / (n * m)
    );
  } finally {
    d2.dispose();
  }
}

function checkBandwidths(bandwidth: unknown): number[] {
  if (!Array.isArray(bandwidth)) return [assertPositive('options.bandwidth', bandwidth)];
  if (bandwidth.length === 0) {
    throw new InvalidArgumentError('options.bandwidth', 'a positive number or a non-empty list of them', bandwidth);
  }
  return bandwidth.map((h, i) => assertPositive(`options.bandwidth[${i}]`, h));
}

function medianBandwidth(squared: ArrayLike<number>, p: number): number {
  const median = medianPairwiseDistance(squared, p);
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
