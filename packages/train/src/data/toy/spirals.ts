import type { Rng } from '@gen/core';
import { addNoise, affineRows } from './points.js';

/** 540° in radians: the angular length of each spiral arm. */
const ARM_ANGLE = 3 * Math.PI;

/**
 * FFJORD's "2spirals": two interleaved spiral arms, one the point reflection of the other.
 *
 * @remarks
 * For ⌈n/2⌉ base points, φ = √U·3π (U uniform) and p = (−φ·cos φ + U₁/2, φ·sin φ + U₂/2); the first ⌈n/2⌉ rows
 * are p/3 and the remaining ⌊n/2⌋ rows are −p/3 for the first base points (so the two arms mirror each other, as
 * in FFJORD); N(0, 0.1²) noise is then added to every row. Rows are not shuffled (FFJORD's order).
 *
 * @param n - The number of points.
 * @param rng - The seeded generator.
 * @returns n row-major 2-D points.
 */
export function twoSpirals(n: number, rng: Rng): Float64Array {
  const half = Math.ceil(n / 2);
  const points = new Float64Array(2 * n);
  for (let row = 0; row < half; row += 1) {
    const phi = Math.sqrt(rng.uniform()) * ARM_ANGLE;
    points[2 * row] = -Math.cos(phi) * phi + 0.5 * rng.uniform();
    points[2 * row + 1] = Math.sin(phi) * phi + 0.5 * rng.uniform();
  }
  for (let row = half; row < n; row += 1) {
    points[2 * row] = -(points[2 * (row - half)] as number);
    points[2 * row + 1] = -(points[2 * (row - half) + 1] as number);
  }
  return addNoise(affineRows(points, 1 / 3), rng, 0.1);
}

/**
 * FFJORD's "swissroll": scikit-learn's `make_swiss_roll(n, noise = 1)`, its (x, z) coordinates divided by 5.
 *
 * @remarks
 * τ = 1.5π·(1 + 2U) with U uniform, and the point is ((τ·cos τ + ξ₁)/5, (τ·sin τ + ξ₂)/5) with ξ ~ N(0, 1): a
 * spiral whose noise-free radius τ/5 runs from 0.3π ≈ 0.94 to 0.9π ≈ 2.83.
 *
 * @param n - The number of points.
 * @param rng - The seeded generator.
 * @returns n row-major 2-D points.
 */
export function swissRoll(n: number, rng: Rng): Float64Array {
  const points = new Float64Array(2 * n);
  for (let row = 0; row < n; row += 1) {
    const tau = 1.5 * Math.PI * (1 + 2 * rng.uniform());
    points[2 * row] = (tau * Math.cos(tau) + rng.normal()) / 5;
    points[2 * row + 1] = (tau * Math.sin(tau) + rng.normal()) / 5;
  }
  return points;
}
