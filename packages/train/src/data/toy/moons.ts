import type { Rng } from '@gen/core';
import { addNoise, affineRows, linspace, shuffleRows } from './points.js';

/**
 * FFJORD's "moons": scikit-learn's `make_moons(n, noise = 0.1)` mapped by (x, y) ↦ (2x − 1, 2y − 0.2).
 *
 * @remarks
 * ⌊n/2⌋ points on the upper half circle (cos θ, sin θ) and the rest on the lower one (1 − cos θ, ½ − sin θ), with
 * θ = linspace(0, π) (endpoints included); rows are shuffled, then N(0, 0.1²) noise is added, then the affine
 * map: two noisy half circles of radius 2 centred at (−1, −0.2) (upper, mean (−1, 4/π − 0.2)) and (1, 0.8)
 * (lower, mean (1, 0.8 − 4/π)); the noise std becomes 0.2.
 *
 * @param n - The number of points.
 * @param rng - The seeded generator.
 * @returns n row-major 2-D points.
 */
export function moons(n: number, rng: Rng): Float64Array {
  const outer = linspace(Math.floor(n / 2), Math.PI, true);
  const inner = linspace(n - outer.length, Math.PI, true);
  const points = new Float64Array(2 * n);
  for (const [k, angle] of outer.entries()) {
    points[2 * k] = Math.cos(angle);
    points[2 * k + 1] = Math.sin(angle);
  }
  for (const [k, angle] of inner.entries()) {
    const row = outer.length + k;
    points[2 * row] = 1 - Math.cos(angle);
    points[2 * row + 1] = 0.5 - Math.sin(angle);
  }
  return affineRows(addNoise(shuffleRows(points, rng), rng, 0.1), 2, [-1, -0.2]);
}
