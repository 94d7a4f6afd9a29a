import type { Rng } from '@gen/core';

/**
 * `count` evenly spaced values from 0 to `stop` (numpy's `linspace(0, stop, count, endpoint)`).
 *
 * @param count - How many values, an integer ≥ 0.
 * @param stop - The end of the range.
 * @param endpoint - Whether `stop` itself is the last value (otherwise the spacing is stop/count).
 * @returns A new array of `count` values; `[0]` when `count` is 1.
 */
export function linspace(count: number, stop: number, endpoint: boolean): Float64Array {
  const divisions = endpoint ? count - 1 : count;
  return Float64Array.from({ length: count }, (_, k) => (divisions > 0 ? (k * stop) / divisions : 0));
}

/**
 * Points on concentric circles centred at the origin, ring by ring: ring r holds `counts[r]` points at the angles
 * `linspace(counts[r], 2π, endpoint = false)` and radius `radii[r]` (scikit-learn's `make_circles` layout).
 *
 * @param counts - Points per ring.
 * @param radii - Radius of each ring, same length as `counts`.
 * @returns A new row-major array of Σ counts 2-D points, in ring order.
 */
export function ringPoints(counts: readonly number[], radii: readonly number[]): Float64Array {
  const points = new Float64Array(2 * counts.reduce((a, b) => a + b, 0));
  let row = 0;
  for (const [r, count] of counts.entries()) {
    const radius = radii[r] as number;
    for (const angle of linspace(count, 2 * Math.PI, false)) {
      points[2 * row] = radius * Math.cos(angle);
      points[2 * row + 1] = radius * Math.sin(angle);
      row += 1;
    }
  }
  return points;
}

/**
 * Permutes the 2-D rows of `points` in place with a seeded Fisher–Yates shuffle.
 *
 * @param points - Row-major 2-D points; modified.
 * @param rng - The generator to draw the permutation from.
 * @returns `points`.
 */
export function shuffleRows(points: Float64Array, rng: Rng): Float64Array {
  const order = rng.permutation(points.length / 2);
  const source = points.slice();
  for (const [row, from] of order.entries()) {
    points[2 * row] = source[2 * from] as number;
    points[2 * row + 1] = source[2 * from + 1] as number;
  }
  return points;
}

/**
 * Adds independent N(0, std²) noise to every coordinate, in place.
 *
 * @param points - The values; modified.
 * @param rng - The generator to draw the noise from.
 * @param std - The noise standard deviation.
 * @returns `points`.
 */
export function addNoise(points: Float64Array, rng: Rng, std: number): Float64Array {
  for (let i = 0; i < points.length; i += 1) points[i] = (points[i] as number) + std * rng.normal();
  return points;
}

/**
 * Scales and then shifts 2-D rows in place: (x, y) ↦ (scale·x + dx, scale·y + dy).
 *
 * @param points - Row-major 2-D points; modified.
 * @param scale - The factor.
 * @param shift - The offset (dx, dy) added after scaling (default none).
 * @returns `points`.
 */
export function affineRows(
  points: Float64Array,
  scale: number,
  shift: readonly [number, number] = [0, 0],
): Float64Array {
  for (let i = 0; i < points.length; i += 1) points[i] = scale * (points[i] as number) + (shift[i % 2] as number);
  return points;
}
