import type { Rng } from '@gen/core';
import { affineRows, shuffleRows } from './points.js';

const ARMS = 5;
const RADIAL_STD = 0.3;
const TANGENTIAL_STD = 0.1;
const RATE = 0.25;

/**
 * FFJORD's "pinwheel": five curved arms.
 *
 * @remarks
 * Point i belongs to arm c = ⌊5i/n⌋ (equal arms up to one point; FFJORD drops the n mod 5 remainder instead).
 * With features (r, s), r ~ N(1, 0.3²), s ~ N(0, 0.1²), and angle a = 2πc/5 + ¼·e^r, the point is
 * 2·(r·cos a + s·sin a, −r·sin a + s·cos a); rows are then shuffled.
 *
 * @param n - The number of points.
 * @param rng - The seeded generator.
 * @returns n row-major 2-D points.
 */
export function pinwheel(n: number, rng: Rng): Float64Array {
  const points = new Float64Array(2 * n);
  for (let row = 0; row < n; row += 1) {
    const arm = Math.floor((ARMS * row) / n);
    const radial = 1 + RADIAL_STD * rng.normal();
    const tangential = TANGENTIAL_STD * rng.normal();
    const angle = (2 * Math.PI * arm) / ARMS + RATE * Math.exp(radial);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    points[2 * row] = radial * cos + tangential * sin;
    points[2 * row + 1] = -radial * sin + tangential * cos;
  }
  return affineRows(shuffleRows(points, rng), 2);
}
