/** The distance from `p` to the nearest point of `reference`. */
export function nearestDistance([x = 0, y = 0]: readonly number[], reference: readonly number[][]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const [u = 0, v = 0] of reference) best = Math.min(best, (x - u) ** 2 + (y - v) ** 2);
  return Math.sqrt(best);
}

/** Mean over `points` of the distance to the nearest point of `reference`. */
export function meanNearest(points: readonly number[][], reference: readonly number[][]): number {
  return points.reduce((total, p) => total + nearestDistance(p, reference), 0) / points.length;
}

/** The fraction of `points` within `radius` of a point of `reference`. */
export function fractionWithin(points: readonly number[][], reference: readonly number[][], radius: number): number {
  return points.filter((p) => nearestDistance(p, reference) < radius).length / points.length;
}

/** Deterministic N(0, I) points (Box–Muller on a small LCG), the untrained-prior baseline. */
export function gaussian(n: number): number[][] {
  let s = 42;
  const u = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return Array.from({ length: n }, () => {
    const r = Math.sqrt(-2 * Math.log(u()));
    const a = 2 * Math.PI * u();
    return [r * Math.cos(a), r * Math.sin(a)];
  });
}
