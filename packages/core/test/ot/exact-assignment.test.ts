import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/index.js';
import { exactAssignment, sinkhorn, squaredDistances } from '../../src/ot/index.js';
import { Rng } from '../../src/random/rng.js';
import { expectNoLeaks } from '../../src/testing/index.js';
import { randomCost } from '../fixtures/random-cost.js';
import { argumentError } from '../support/argument-error.js';

beforeAll(async () => {
  await initBackend('cpu');
});

function assignmentCost(cost: Float64Array, sigma: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < sigma.length; i += 1) total += cost[i * sigma.length + (sigma[i] as number)] as number;
  return total;
}

function bruteForceMinimum(cost: Float64Array, n: number): number {
  let best = Number.POSITIVE_INFINITY;
  const used = new Array<boolean>(n).fill(false);
  const visit = (row: number, partial: number): void => {
    if (row === n) {
      best = Math.min(best, partial);
      return;
    }
    for (let j = 0; j < n; j += 1) {
      if (used[j]) continue;
      used[j] = true;
      visit(row + 1, partial + (cost[row * n + j] as number));
      used[j] = false;
    }
  };
  visit(0, 0);
  return best;
}

/**
 * Optimality certificate independent of the solver: an assignment is optimal iff the exchange graph has no
 * negative cycle (edge σ(i) → j of weight C[i, j] − C[i, σ(i)]: row i moves to column j). Bellman–Ford from a
 * virtual source; the resulting distances are feasible dual potentials.
 */
function hasNegativeCycle(cost: Float64Array, sigma: Int32Array, tolerance: number): boolean {
  const n = sigma.length;
  const distance = new Float64Array(n);
  for (let round = 0; round < n; round += 1) {
    let relaxed = false;
    for (let i = 0; i < n; i += 1) {
      const from = sigma[i] as number;
      const own = cost[i * n + from] as number;
      for (let j = 0; j < n; j += 1) {
        const candidate = (distance[from] as number) + (cost[i * n + j] as number) - own;
        if (candidate < (distance[j] as number) - tolerance) {
          distance[j] = candidate;
          relaxed = true;
        }
      }
    }
    if (!relaxed) return false;
  }
  return true;
}

function isPermutation(sigma: Int32Array): boolean {
  return [...sigma].sort((a, b) => a - b).every((v, i) => v === i);
}

describe('exactAssignment', () => {
  it('equals brute force over all permutations for random n ≤ 7', () => {
    for (let n = 1; n <= 7; n += 1) {
      for (let seed = 0; seed < (n <= 5 ? 40 : 12); seed += 1) {
        const cost = randomCost(n, n, 1000 * n + seed, 10, -5);
        const sigma = exactAssignment(cost, n);
        expect(isPermutation(sigma)).toBe(true);
        expect(assignmentCost(cost, sigma)).toBeCloseTo(bruteForceMinimum(cost, n), 12);
      }
    }
  });

  it('equals brute force on costs full of ties (integers 0–2) for n ≤ 7, and on constant costs', () => {
    for (let n = 2; n <= 7; n += 1) {
      for (let seed = 0; seed < 30; seed += 1) {
        const cost = randomCost(n, n, 7000 * n + seed, 3).map(Math.floor);
        const sigma = exactAssignment(cost, n);
        expect(isPermutation(sigma)).toBe(true);
        expect(assignmentCost(cost, sigma)).toBe(bruteForceMinimum(cost, n));
      }
      expect(assignmentCost(new Float64Array(n * n).fill(2), exactAssignment(new Float64Array(n * n).fill(2), n))).toBe(
        2 * n,
      );
    }
  });

  it('is certified optimal when every row costs the same up to 1e-12 (near-ties everywhere)', () => {
    const n = 200;
    const column = randomCost(1, n, 31);
    const noise = randomCost(n, n, 32, 1e-12);
    const cost = noise.map((e, k) => e + (column[k % n] as number));
    const sigma = exactAssignment(cost, n);
    expect(isPermutation(sigma)).toBe(true);
    expect(hasNegativeCycle(cost, sigma, 1e-15)).toBe(false);
  });

  it('solves a small integer cost given as rows, and n = 1', () => {
    const sigma = exactAssignment(
      [
        [4, 1, 3],
        [2, 0, 5],
        [3, 2, 2],
      ],
      3,
    );
    expect(Array.from(sigma)).toEqual([1, 0, 2]);
    expect(Array.from(exactAssignment([[7]], 1))).toEqual([0]);
  });

  it('matches sorted order for points on a line under squared cost', () => {
    const rng = new Rng(4);
    const n = 40;
    const x = Array.from({ length: n }, () => rng.normal());
    const y = Array.from({ length: n }, () => 3 * rng.uniform());
    const cost = Float64Array.from(x.flatMap((a) => y.map((b) => (a - b) ** 2)));
    const rank = (v: number[]) => {
      const order = v.map((_, i) => i).sort((i, j) => (v[i] as number) - (v[j] as number));
      const r = new Array<number>(v.length);
      order.forEach((index, position) => {
        r[index] = position;
      });
      return r;
    };
    const xRank = rank(x);
    const yByRank = y.map((_, i) => i).sort((i, j) => (y[i] as number) - (y[j] as number));
    const sortedMatch = x.map((_, i) => yByRank[xRank[i] as number] as number);
    expect(Array.from(exactAssignment(cost, n))).toEqual(sortedMatch);
  });

  it('recovers the inverse permutation with zero cost for a permuted copy', async () => {
    const n = 64;
    const perm = new Rng(8).permutation(n);
    const x = tf.tensor2d(new Rng(9).fillNormal(new Float32Array(n * 3)), [n, 3]);
    const y = tf.gather(x, tf.tensor1d(perm, 'int32'));
    const cost = await expectNoLeaks(() => squaredDistances(x, y));
    const sigma = exactAssignment(cost, n);
    const inverse = new Int32Array(n);
    perm.forEach((p, i) => {
      inverse[p] = i;
    });
    expect(Array.from(sigma)).toEqual(Array.from(inverse));
    expect(assignmentCost(cost, sigma)).toBeLessThan(1e-4);
    tf.dispose([x, y]);
  });

  it('is certified optimal at n = 256 and matches the Sinkhorn dual lower bound', () => {
    const n = 256;
    const cost = randomCost(n, n, 256);
    const sigma = exactAssignment(cost, n);
    expect(isPermutation(sigma)).toBe(true);
    expect(hasNegativeCycle(cost, sigma, 1e-12)).toBe(false);
    // Weak duality: the c-transform of any g gives f with fᵢ + gⱼ ≤ Cᵢⱼ, so ⟨f, a⟩ + ⟨g, b⟩ ≤ OT(a, b).
    const { g } = sinkhorn(cost, n, n, { epsilon: 3e-3 });
    let lowerBound = 0;
    for (let i = 0; i < n; i += 1) {
      let f = Number.POSITIVE_INFINITY;
      for (let j = 0; j < n; j += 1) f = Math.min(f, (cost[i * n + j] as number) - (g[j] as number));
      lowerBound += (f + (g[i] as number)) / n;
    }
    const primal = assignmentCost(cost, sigma) / n;
    expect(primal).toBeGreaterThanOrEqual(lowerBound - 1e-12);
    expect(primal - lowerBound).toBeLessThan(1e-3);
  });

  it('solves n = 1024 squared-distance costs between uniform 2-D points (its time: pnpm bench in core)', () => {
    const n = 1024;
    const rng = new Rng(1024);
    const x = rng.fillUniform(new Float64Array(2 * n));
    const y = rng.fillUniform(new Float64Array(2 * n));
    const cost = new Float64Array(n * n);
    for (let i = 0; i < n; i += 1) {
      for (let j = 0; j < n; j += 1) {
        cost[i * n + j] =
          ((x[2 * i] as number) - (y[2 * j] as number)) ** 2 +
          ((x[2 * i + 1] as number) - (y[2 * j + 1] as number)) ** 2;
      }
    }
    const sigma = exactAssignment(cost, n);
    expect(isPermutation(sigma)).toBe(true);
    expect(assignmentCost(cost, sigma)).toBeLessThan(
      assignmentCost(
        cost,
        Int32Array.from({ length: n }, (_, i) => i),
      ),
    );
  });

  it('rejects bad input, naming the parameter', () => {
    expect(() => exactAssignment(new Float64Array(6), 2)).toThrow(argumentError('ShapeError', 'cost'));
    expect(() =>
      exactAssignment(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        2,
      ),
    ).toThrow(argumentError('ShapeError', 'cost'));
    expect(() => exactAssignment([[1, 2]], 2)).toThrow(argumentError('ShapeError', 'cost'));
    expect(() =>
      exactAssignment(
        [
          [1, Number.NaN],
          [0, 1],
        ],
        2,
      ),
    ).toThrow(argumentError('InvalidArgumentError', 'cost'));
    expect(() => exactAssignment('cost' as unknown as Float64Array, 1)).toThrow(
      argumentError('InvalidArgumentError', 'cost'),
    );
    expect(() => exactAssignment(new Float64Array(4), 0)).toThrow(argumentError('InvalidArgumentError', 'n'));
    expect(() => exactAssignment(new Float64Array(4), 1.5)).toThrow(argumentError('InvalidArgumentError', 'n'));
  });
});
