import { describe, expect, it } from 'vitest';
import { startAssignment } from '../../src/ot/assignment-start.js';
import { randomCost } from '../fixtures/random-cost.js';

/** Checks the start's contract: a consistent partial matching, each matched row at a least reduced cost. */
function expectValidStart(cost: Float64Array, n: number): number {
  const { v, columnOf, rowOf, free } = startAssignment(cost, n);
  const freeRows = new Set(free);
  expect(freeRows.size).toBe(free.length);
  let matched = 0;
  for (let i = 0; i < n; i += 1) {
    const j = columnOf[i] as number;
    if (j < 0) {
      expect(freeRows.has(i)).toBe(true);
      continue;
    }
    matched += 1;
    expect(freeRows.has(i)).toBe(false);
    expect(rowOf[j]).toBe(i);
    const own = (cost[i * n + j] as number) - (v[j] as number);
    let least = Number.POSITIVE_INFINITY;
    for (let k = 0; k < n; k += 1) least = Math.min(least, (cost[i * n + k] as number) - (v[k] as number));
    expect(own).toBeLessThanOrEqual(least + 1e-12);
  }
  expect(matched + free.length).toBe(n);
  expect(rowOf.filter((i) => i >= 0)).toHaveLength(matched);
  return matched;
}

describe('startAssignment (column reduction and reduction transfer)', () => {
  it('leaves every matched row at a column of least reduced cost, for random, tied and tiny costs', () => {
    for (const n of [1, 2, 3, 10, 64]) {
      expectValidStart(randomCost(n, n, n, 10, -5), n);
      expectValidStart(randomCost(n, n, n + 1, 3).map(Math.floor), n);
      expectValidStart(new Float64Array(n * n), n);
    }
  });

  it('matches as many rows as columns have distinct minimising rows: n(1 − (1 − 1/n)ⁿ) ≈ 162 of 256 for iid costs', () => {
    // Each column's minimum falls in a uniformly random row; the rows hit are the rows matched. The count of rows hit
    // has mean n(1 − (1 − 1/n)ⁿ) = 162.0 and standard deviation about 5 at n = 256; the bound is 4 of them.
    const n = 256;
    const expected = n * (1 - (1 - 1 / n) ** n);
    for (const seed of [256, 257, 258]) {
      const matched = expectValidStart(randomCost(n, n, seed), n);
      expect(Math.abs(matched - expected)).toBeLessThan(20);
    }
  });
});
