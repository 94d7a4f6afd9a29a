import type { Rng } from '@gen/core';

/**
 * FFJORD's "checkerboard": the uniform distribution on 8 of the 16 unit-2 squares tiling [−4, 4]².
 *
 * @remarks
 * x₁ ~ U[−2, 2), x₂ = U[0, 1) − 2·B + (⌊x₁⌋ mod 2) with B a fair bit, and the point is 2·(x₁, x₂): the square
 * with column i and row j (each in 0…3, from −4) is occupied exactly when i + j is even.
 *
 * @param n - The number of points.
 * @param rng - The seeded generator.
 * @returns n row-major 2-D points.
 */
export function checkerboard(n: number, rng: Rng): Float64Array {
  const points = new Float64Array(2 * n);
  for (let row = 0; row < n; row += 1) {
    const x1 = 4 * rng.uniform() - 2;
    const x2 = rng.uniform() - 2 * rng.integer(2) + (((Math.floor(x1) % 2) + 2) % 2);
    points[2 * row] = 2 * x1;
    points[2 * row + 1] = 2 * x2;
  }
  return points;
}
