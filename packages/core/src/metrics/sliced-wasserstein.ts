import * as tf from '@tensorflow/tfjs';
import { assertPointSets } from '../ot/point-sets.js';
import type { Seed } from '../random/hash.js';
import { Rng } from '../random/rng.js';
import { assertInteger } from '../validation/numbers.js';
import { BLOCK_ENTRIES } from './pooled.js';

/** Options of {@link slicedWasserstein2}. */
export interface SlicedWassersteinOptions {
  /** The number L of random directions, an integer ≥ 1; default 128. */
  projections?: number;
  /** Seed of the directions, a non-negative safe integer. */
  seed: Seed;
}

/**
 * The sliced 2-Wasserstein distance between two samples, SW₂ = sqrt(mean over L random unit directions θ of
 * W₂²(θᵀX, θᵀY)).
 *
 * @remarks
 * Directions are standard normal vectors from {@link Rng}(seed), normalised (uniform on the sphere S^{D−1}).
 * Both samples are projected by tfjs matrix products on a few directions at a time (at most 2²⁰ projected values,
 * 4 MiB, per product, so memory stays O(N + M) for any L) and read back; each 1-D W₂² is then computed
 * exactly in float64 between the empirical measures (uniform weights 1/N and 1/M) as
 * ∫₀¹ (F⁻¹(t) − G⁻¹(t))² dt, by sorting the projections and merging the step quantile functions at the
 * breakpoints {i/N} ∪ {j/M}. So N ≠ M is allowed and exact (no interpolation); for N = M it reduces to the mean of
 * squared differences of the sorted values. The result is the distance (the square root of the mean W₂²), not its
 * square; it is exactly 0 for identical sets. For a pure shift, W₂²(θ) = (θ·μ)² and its mean over the sphere is
 * ‖μ‖²/D.
 *
 * @param x - Sample [N, D], float32, N ≥ 1; not disposed.
 * @param y - Sample [M, D], float32, M ≥ 1; not disposed.
 * @param options - Number of projections and the seed.
 * @returns SW₂ as a JS number; no tensors are retained.
 * @throws {@link InvalidArgumentError} for a non-tensor sample, `options.projections` < 1 or not an integer, or a
 *   bad `options.seed`; {@link ShapeError} for a rank other than 2, an empty sample, or a dimension mismatch.
 * @example
 * ```ts
 * const sw = slicedWasserstein2(generated, reference, { projections: 256, seed: 0 });
 * ```
 * @see Bonneel, Rabin, Peyré & Pfister, "Sliced and Radon Wasserstein barycenters of measures", J. Mathematical
 *   Imaging and Vision 51, 2015.
 */
export function slicedWasserstein2(x: tf.Tensor, y: tf.Tensor, options: SlicedWassersteinOptions): number {
  const { n, m, d } = assertPointSets(x, y, 1);
  const projections = assertInteger('options.projections', options.projections ?? 128, 1);
  const seed = assertInteger('options.seed', options.seed);
  const directions = randomDirections(d, projections, seed);
  const chunk = Math.max(1, Math.floor(BLOCK_ENTRIES / (n + m)));
  const xs = new Float64Array(n);
  const ys = new Float64Array(m);
  let total = 0;
  const z = tf.concat([x, y], 0);
  try {
    for (let first = 0; first < projections; first += chunk) {
      const width = Math.min(chunk, projections - first);
      const columns = new Float32Array(d * width);
      for (let k = 0; k < d; k += 1) {
        columns.set(directions.subarray(k * projections + first, k * projections + first + width), k * width);
      }
      const projected = tf.tidy(() => tf.matMul(z, tf.tensor2d(columns, [d, width])));
      const values = projected.dataSync();
      projected.dispose();
      for (let l = 0; l < width; l += 1) {
        for (let i = 0; i < n; i += 1) xs[i] = values[i * width + l] as number;
        for (let j = 0; j < m; j += 1) ys[j] = values[(n + j) * width + l] as number;
        total += sortedW2Squared(xs.sort(), ys.sort());
      }
    }
  } finally {
    z.dispose();
  }
  return Math.sqrt(total / projections);
}

/** L unit vectors uniform on S^{D−1}, as the columns of a row-major D×L matrix. */
function randomDirections(d: number, count: number, seed: Seed): Float32Array {
  const gaussian = new Rng(seed).fillNormal(new Float64Array(d * count));
  const directions = new Float32Array(d * count);
  for (let l = 0; l < count; l += 1) {
    let norm = 0;
    for (let k = 0; k < d; k += 1) norm += (gaussian[k * count + l] as number) ** 2;
    norm = Math.sqrt(norm);
    for (let k = 0; k < d; k += 1) directions[k * count + l] = (gaussian[k * count + l] as number) / norm;
  }
  return directions;
}

/** ∫₀¹ (F⁻¹ − G⁻¹)² for the empirical measures of two sorted samples (breakpoints compared in integers). */
function sortedW2Squared(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let position = 0; // in units of 1/(n·m)
  let total = 0;
  while (i < n && j < m) {
    const endA = (i + 1) * m;
    const endB = (j + 1) * n;
    const end = Math.min(endA, endB);
    total += (end - position) * ((a[i] as number) - (b[j] as number)) ** 2;
    position = end;
    if (endA === end) i += 1;
    if (endB === end) j += 1;
  }
  return total / (n * m);
}
