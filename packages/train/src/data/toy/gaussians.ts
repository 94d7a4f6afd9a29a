import type { Rng } from '@gen/core';

const DIAGONAL = 1 / Math.SQRT2;

// biome-ignore lint/suspicious/noApproximativeNumericConstant: FFJORD divides by the literal 1.414, not by √2.
const DIVISOR = 1.414;

/** FFJORD's unit directions, in its order: the four axes, then the four diagonals. */
const DIRECTIONS: readonly (readonly [number, number])[] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [DIAGONAL, DIAGONAL],
  [DIAGONAL, -DIAGONAL],
  [-DIAGONAL, DIAGONAL],
  [-DIAGONAL, -DIAGONAL],
];

/**
 * FFJORD's "8gaussians": an equal mixture of eight isotropic Gaussians on a circle.
 *
 * @remarks
 * Each point is (N(0, 0.5²·I) + 4·u_k)/1.414 with k uniform in 0…7 and u_k the unit vectors at multiples of 45°:
 * component means at radius 4/1.414 ≈ 2.829 and component std 0.5/1.414 ≈ 0.354.
 *
 * @param n - The number of points.
 * @param rng - The seeded generator.
 * @returns n row-major 2-D points.
 */
export function eightGaussians(n: number, rng: Rng): Float64Array {
  const points = new Float64Array(2 * n);
  for (let row = 0; row < n; row += 1) {
    const noiseX = 0.5 * rng.normal();
    const noiseY = 0.5 * rng.normal();
    const [ux, uy] = DIRECTIONS[rng.integer(DIRECTIONS.length)] as readonly [number, number];
    points[2 * row] = (noiseX + 4 * ux) / DIVISOR;
    points[2 * row + 1] = (noiseY + 4 * uy) / DIVISOR;
  }
  return points;
}
