import type { Rng } from '@gen/core';
import { addNoise, affineRows, ringPoints, shuffleRows } from './points.js';

/**
 * FFJORD's "circles": scikit-learn's `make_circles(n, factor = 0.5, noise = 0.08)` scaled by 3.
 *
 * @remarks
 * ⌊n/2⌋ evenly spaced points on the unit circle and the rest on the circle of radius ½, shuffled, with
 * N(0, 0.08²) noise, then scaled by 3: radii 3 and 1.5 with noise std 0.24.
 *
 * @param n - The number of points.
 * @param rng - The seeded generator.
 * @returns n row-major 2-D points.
 */
export function circles(n: number, rng: Rng): Float64Array {
  const outer = Math.floor(n / 2);
  return affineRows(addNoise(shuffleRows(ringPoints([outer, n - outer], [1, 0.5]), rng), rng, 0.08), 3);
}

/**
 * FFJORD's "rings": four concentric circles of radii 3, 2.25, 1.5 and 0.75 with N(0, 0.08²) noise.
 *
 * @remarks
 * ⌊n/4⌋ evenly spaced points on each of the three outer rings and the rest on the innermost, radii
 * 3·(1, ¾, ½, ¼); rows are shuffled, then the noise (std 0.08, after scaling) is added.
 *
 * @param n - The number of points.
 * @param rng - The seeded generator.
 * @returns n row-major 2-D points.
 */
export function rings(n: number, rng: Rng): Float64Array {
  const quarter = Math.floor(n / 4);
  const points = ringPoints([quarter, quarter, quarter, n - 3 * quarter], [3, 2.25, 1.5, 0.75]);
  return addNoise(shuffleRows(points, rng), rng, 0.08);
}
