import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import {
  exactAssignment,
  minibatchOtPairing,
  pairwiseSquaredDistances,
  samplePlan,
  sinkhorn,
  squaredDistances,
} from '../src/ot/index.js';
import { Rng } from '../src/random/rng.js';
import { expectClose, expectNoLeaks } from '../src/testing/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Matches an error of exactly class `kind` that names `parameter`. */
const argumentError = (kind: 'InvalidArgumentError' | 'ShapeError', parameter: string) =>
  expect.objectContaining({ name: kind, parameter });

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

/**
 * Squared distances between two seeded Gaussian clouds of n = 64 points in 2-D, the second shifted by 2 (entries up to
 * about 30), as n rows of n numbers: a problem where plain Sinkhorn is slow at small ε.
 */
function shiftedClouds(): { n: number; cost: number[][] } {
  const rng = new Rng(3);
  const n = 64;
  const x = Array.from({ length: n }, () => [rng.normal(), rng.normal()] as const);
  const y = Array.from({ length: n }, () => [rng.normal() + 2, rng.normal()] as const);
  return { n, cost: x.map(([x0, x1]) => y.map(([y0, y1]) => (x0 - y0) ** 2 + (x1 - y1) ** 2)) };
}

function randomCost(rows: number, cols: number, seed: number, scale = 1, offset = 0): Float64Array {
  return new Rng(seed).fillUniform(new Float64Array(rows * cols)).map((u) => offset + scale * u);
}

describe('squaredDistances', () => {
  it('matches hand-computed squared distances and reads back float64', async () => {
    const x = tf.tensor2d([
      [0, 0],
      [1, 0],
    ]);
    const y = tf.tensor2d([
      [0, 1],
      [2, 0],
      [1, 1],
    ]);
    const cost = await expectNoLeaks(() => squaredDistances(x, y));
    expect(cost).toBeInstanceOf(Float64Array);
    expectClose(cost, [1, 4, 2, 2, 1, 1], { atol: 1e-6 }, 'cost');
    tf.dispose([x, y]);
  });

  it('gives within-set distances with an exact zero diagonal and no leaks', async () => {
    const x = tf.tensor2d([
      [10.5, -3],
      [11, -2],
      [9, 0],
    ]);
    const d2 = await expectNoLeaks(() => pairwiseSquaredDistances(x));
    const values = await d2.data();
    expect([values[0], values[4], values[8]]).toEqual([0, 0, 0]);
    expectClose(values, [0, 1.25, 11.25, 1.25, 0, 8, 11.25, 8, 0], { atol: 1e-4 }, 'd2');
    tf.dispose([x, d2]);
  });

  it('rejects bad point sets, naming the parameter', () => {
    const x = tf.zeros([3, 2]);
    const rank1 = tf.zeros([3]);
    const wrongDim = tf.zeros([4, 3]);
    const ints = tf.zeros([4, 2], 'int32');
    const empty = tf.zeros([0, 2]);
    expect(() => squaredDistances(rank1, x)).toThrow(argumentError('ShapeError', 'x'));
    expect(() => squaredDistances(x, wrongDim)).toThrow(argumentError('ShapeError', 'y'));
    expect(() => squaredDistances(x, ints)).toThrow(argumentError('InvalidArgumentError', 'y'));
    expect(() => squaredDistances(empty, x)).toThrow(argumentError('ShapeError', 'x'));
    expect(() => squaredDistances([[0, 1]] as unknown as tf.Tensor, x)).toThrow(
      argumentError('InvalidArgumentError', 'x'),
    );
    tf.dispose([x, rank1, wrongDim, ints, empty]);
  });
});

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

describe('sinkhorn', () => {
  it('matches both marginals to 1e-6 at convergence, with arbitrary weights', () => {
    const n = 30;
    const m = 20;
    const rng = new Rng(30);
    const a = rng.fillUniform(new Float64Array(n)).map((v) => 0.5 + v);
    const b = rng.fillUniform(new Float64Array(m)).map((v) => 0.5 + v);
    const totalA = a.reduce((s, v) => s + v, 0);
    const totalB = b.reduce((s, v) => s + v, 0);
    const bScaled = b.map((v) => (v * totalA) / totalB);
    const result = sinkhorn(randomCost(n, m, 31, 4), n, m, { epsilon: 0.1, a, b: bScaled });
    expect(result.converged).toBe(true);
    expect(result.marginalError).toBeLessThan(1e-6);
    const rows = new Float64Array(n);
    const cols = new Float64Array(m);
    result.plan.forEach((p, k) => {
      rows[Math.floor(k / m)] = (rows[Math.floor(k / m)] as number) + p;
      cols[k % m] = (cols[k % m] as number) + p;
    });
    expectClose(rows, a, { atol: 1e-6 }, 'row marginal');
    expectClose(cols, bScaled, { atol: 1e-6 }, 'column marginal');
  });

  it('returns potentials with plan = exp((f ⊕ g − C)/ε)', () => {
    const cost = randomCost(4, 3, 5);
    const epsilon = 0.2;
    const { plan, f, g, iterations } = sinkhorn(cost, 4, 3, { epsilon });
    expect(iterations).toBeGreaterThan(0);
    const rebuilt = Array.from(plan, (_, k) =>
      Math.exp(((f[Math.floor(k / 3)] as number) + (g[k % 3] as number) - (cost[k] as number)) / epsilon),
    );
    expectClose(plan, rebuilt, { rtol: 1e-12 }, 'plan');
  });

  it('equals the closed-form entropic plan of a 2×2 problem', () => {
    // P = exp((f ⊕ g − C)/ε) fixes the cross ratio P11·P22/(P12·P21) = K = exp((C12 + C21 − C11 − C22)/ε);
    // with P11 = p and the marginals, (1 − K)p² + (a2 − b1 + K(a1 + b1))p − K·a1·b1 = 0.
    const cost = [
      [0.3, 1.1],
      [0.9, 0.2],
    ];
    const a = [0.35, 0.65];
    const b = [0.55, 0.45];
    const epsilon = 0.4;
    const k = Math.exp((1.1 + 0.9 - 0.3 - 0.2) / epsilon);
    const qa = 1 - k;
    const qb = 0.65 - 0.55 + k * (0.35 + 0.55);
    const qc = -k * 0.35 * 0.55;
    const roots = [1, -1].map((s) => (-qb + s * Math.sqrt(qb * qb - 4 * qa * qc)) / (2 * qa));
    const p = roots.find((r) => r > Math.max(0, 0.55 - 0.65) && r < Math.min(0.35, 0.55)) as number;
    const expected = [p, 0.35 - p, 0.55 - p, 0.65 - 0.55 + p];
    const result = sinkhorn(cost, 2, 2, { epsilon, a, b, tolerance: 1e-14 });
    expect(result.converged).toBe(true);
    expectClose(result.plan, expected, { atol: 1e-12 }, 'plan');
  });

  it('tends to the exact plan as ε → 0', () => {
    const x = [0, 1, 2, 3, 4];
    const y = [2.2, 0.2, 4.2, 1.2, 3.2];
    const cost = x.map((s) => y.map((t) => (s - t) ** 2));
    const sigma = exactAssignment(cost, 5);
    expect(Array.from(sigma)).toEqual([1, 3, 0, 4, 2]);
    const deviations = [1, 0.5, 0.2, 0.02].map((epsilon) => {
      const { plan, converged } = sinkhorn(cost, 5, 5, { epsilon, maxIterations: 10_000 });
      expect(converged).toBe(true);
      return Math.max(...Array.from(plan, (p, k) => Math.abs(p - (sigma[Math.floor(k / 5)] === k % 5 ? 0.2 : 0))));
    });
    for (let i = 1; i < deviations.length; i += 1) {
      expect(deviations[i]).toBeLessThan((deviations[i - 1] as number) / 2);
    }
    expect(deviations[3]).toBeLessThan(1e-9);
  });

  it('stays finite at ε = 1e-3 on costs of order 1–100 and reports non-convergence', () => {
    const n = 40;
    const cost = randomCost(n, n, 40, 99, 1);
    const result = sinkhorn(cost, n, n, { epsilon: 1e-3, maxIterations: 200 });
    for (const values of [result.plan, result.f, result.g]) expect(values.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(result.marginalError)).toBe(true);
    expect(result.iterations).toBe(200);
    expect(result.converged).toBe(false);
    // The column marginal is exact after every sweep.
    for (let j = 0; j < n; j += 1) {
      let column = 0;
      for (let i = 0; i < n; i += 1) column += result.plan[i * n + j] as number;
      expect(column).toBeCloseTo(1 / n, 12);
    }
  });

  it('with ε-scaling, reaches the same plan, and at small ε a far better one within the same sweep budget', () => {
    const { n, cost } = shiftedClouds();
    // Where plain Sinkhorn converges, ε-scaling lands on the same fixed point.
    const plain = sinkhorn(cost, n, n, { epsilon: 0.5 });
    const scaled = sinkhorn(cost, n, n, { epsilon: 0.5, epsilonScaling: 0.5 });
    expect(plain.converged && scaled.converged).toBe(true);
    expectClose(scaled.plan, plain.plan, { atol: 1e-10 }, 'plans at ε = 0.5');
    // At ε = 0.005 (1/6000 of the cost's range) 1 000 sweeps leave plain Sinkhorn's row marginal off by 0.17 in L1
    // (measured); annealed from ε₀ = max C by halving, the same budget gets to 2.3e-4.
    const budget = { epsilon: 0.005, maxIterations: 1000 };
    const slow = sinkhorn(cost, n, n, budget);
    const fast = sinkhorn(cost, n, n, { ...budget, epsilonScaling: 0.5 });
    expect(slow.iterations).toBe(1000);
    expect(fast.iterations).toBe(1000);
    expect(slow.marginalError).toBeGreaterThan(0.05);
    expect(fast.marginalError).toBeLessThan(1e-3);
    // And the sharp plan's transport cost is within 1% of the exact assignment's (the ε → 0 limit).
    const sigma = exactAssignment(cost, n);
    const exactCost = sigma.reduce((sum, j, i) => sum + (cost[i]?.[j] as number) / n, 0);
    const planCost = fast.plan.reduce(
      (sum, p, k) => sum + p * ((cost[Math.floor(k / n)] as number[])[k % n] as number),
      0,
    );
    expect(Math.abs(planCost - exactCost) / exactCost).toBeLessThan(0.01);
  });

  it('with over-relaxation, reaches the same plan in far fewer sweeps where plain Sinkhorn is slow', () => {
    // The same two clouds at ε = 0.1: plain sweeps contract by about 1 − 6e-4 each (measured: 36 678 sweeps to a
    // row-marginal error of 1e-9); 'auto' estimates that rate and over-relaxes with ω → 1.97 (1 165 sweeps).
    const { n, cost } = shiftedClouds();
    const options = { epsilon: 0.1, maxIterations: 100_000 };
    const plain = sinkhorn(cost, n, n, options);
    const fixed = sinkhorn(cost, n, n, { ...options, overrelaxation: 1.5 });
    const auto = sinkhorn(cost, n, n, { ...options, overrelaxation: 'auto' });
    expect(plain.converged && fixed.converged && auto.converged).toBe(true);
    expect(plain.iterations).toBeGreaterThan(30_000);
    expect(fixed.iterations).toBeLessThan(0.5 * plain.iterations);
    expect(auto.iterations).toBeLessThan(2_000);
    for (const result of [fixed, auto]) {
      expectClose(result.plan, plain.plan, { atol: 1e-8 }, 'over-relaxed plan');
      expect(result.marginalError).toBeLessThan(2e-9);
      // It ends on a plain sweep, so the column marginal is exact as always.
      for (let j = 0; j < n; j += 1) {
        let column = 0;
        for (let i = 0; i < n; i += 1) column += result.plan[i * n + j] as number;
        expect(column).toBeCloseTo(1 / n, 12);
      }
    }
  });

  it('rejects an over-relaxation outside [1, 2), naming it', () => {
    const cost = [
      [0, 1, 2],
      [1, 0, 1],
    ];
    for (const omega of [0.5, 2, Number.NaN, 'fast']) {
      expect(() => sinkhorn(cost, 2, 3, { epsilon: 0.1, overrelaxation: omega as unknown as number })).toThrow(
        argumentError('InvalidArgumentError', 'options.overrelaxation'),
      );
    }
  });

  it('rejects an ε-scaling factor outside (0, 1), naming it', () => {
    const cost = randomCost(2, 3, 0);
    for (const factor of [0, 1, 1.5, Number.NaN]) {
      expect(() => sinkhorn(cost, 2, 3, { epsilon: 0.1, epsilonScaling: factor })).toThrow(
        argumentError('InvalidArgumentError', 'options.epsilonScaling'),
      );
    }
  });

  it('throws NumericalError("not-converged") only when asked', () => {
    const cost = randomCost(5, 5, 2, 50);
    const options = { epsilon: 1e-2, maxIterations: 3 };
    expect(sinkhorn(cost, 5, 5, options).converged).toBe(false);
    expect(() => sinkhorn(cost, 5, 5, { ...options, throwOnNoConvergence: true })).toThrow(
      expect.objectContaining({ name: 'NumericalError', reason: 'not-converged', t: 3 }),
    );
  });

  it('rejects bad input, naming the parameter', () => {
    const cost = randomCost(2, 3, 0);
    const ok = { epsilon: 0.1 };
    expect(() => sinkhorn(cost, 2, 3, { epsilon: 0 })).toThrow(
      argumentError('InvalidArgumentError', 'options.epsilon'),
    );
    expect(() => sinkhorn(cost, 2, 3, { epsilon: -1 })).toThrow(
      argumentError('InvalidArgumentError', 'options.epsilon'),
    );
    expect(() => sinkhorn(cost, 3, 2, ok)).not.toThrow();
    expect(() => sinkhorn(cost, 3, 3, ok)).toThrow(argumentError('ShapeError', 'cost'));
    expect(() => sinkhorn(cost, 0, 3, ok)).toThrow(argumentError('InvalidArgumentError', 'n'));
    expect(() => sinkhorn(cost, 2, 2.5, ok)).toThrow(argumentError('InvalidArgumentError', 'm'));
    expect(() => sinkhorn(cost, 2, 3, { ...ok, a: [1] })).toThrow(argumentError('ShapeError', 'options.a'));
    expect(() => sinkhorn(cost, 2, 3, { ...ok, a: [1, 0] })).toThrow(
      argumentError('InvalidArgumentError', 'options.a'),
    );
    expect(() => sinkhorn(cost, 2, 3, { ...ok, b: [0.2, 0.2, 0.2] })).toThrow(
      argumentError('InvalidArgumentError', 'options.b'),
    );
    expect(() => sinkhorn(cost, 2, 3, { ...ok, maxIterations: 0 })).toThrow(
      argumentError('InvalidArgumentError', 'options.maxIterations'),
    );
    expect(() => sinkhorn(cost, 2, 3, { ...ok, tolerance: 0 })).toThrow(
      argumentError('InvalidArgumentError', 'options.tolerance'),
    );
  });
});

describe('samplePlan', () => {
  it('draws pairs with the plan’s probabilities and never from zero entries', () => {
    const plan = [
      [0.1, 0, 0.3],
      [0.2, 0.4, 0],
    ];
    const count = 100_000;
    const { source, target } = samplePlan(plan, 2, 3, count, 12);
    const counts = new Float64Array(6);
    for (let k = 0; k < count; k += 1) {
      const index = (source[k] as number) * 3 + (target[k] as number);
      counts[index] = (counts[index] as number) + 1;
    }
    const expected = plan.flat();
    counts.forEach((c, k) => {
      const p = expected[k] as number;
      expect(Math.abs(c / count - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / count));
    });
    expect(counts[1]).toBe(0);
    expect(counts[5]).toBe(0);
  });

  it('normalises the plan, and equal seeds give equal pairs', () => {
    const plan = Float64Array.from([0, 3, 0, 0]);
    const first = samplePlan(plan, 2, 2, 5, 1);
    expect(Array.from(first.source)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(first.target)).toEqual([1, 1, 1, 1, 1]);
    const random = randomCost(8, 8, 3);
    expect(samplePlan(random, 8, 8, 50, 9)).toEqual(samplePlan(random, 8, 8, 50, 9));
    expect(samplePlan(random, 8, 8, 50, 9)).not.toEqual(samplePlan(random, 8, 8, 50, 10));
  });

  it('rejects bad input, naming the parameter', () => {
    const plan = Float64Array.from([0.25, 0.25, 0.25, 0.25]);
    expect(() => samplePlan(plan, 2, 2, 4, -1)).toThrow(argumentError('InvalidArgumentError', 'seed'));
    expect(() => samplePlan(plan, 2, 2, 4, 0.5)).toThrow(argumentError('InvalidArgumentError', 'seed'));
    expect(() => samplePlan(plan, 2, 2, 0, 1)).toThrow(argumentError('InvalidArgumentError', 'count'));
    expect(() => samplePlan(plan, 1, 2, 4, 1)).toThrow(argumentError('ShapeError', 'plan'));
    expect(() =>
      samplePlan(
        [
          [0.5, -0.5],
          [0.5, 0.5],
        ],
        2,
        2,
        4,
        1,
      ),
    ).toThrow(argumentError('InvalidArgumentError', 'plan'));
    expect(() => samplePlan(Float64Array.from([0.5, -0.1, 0, 0.1]), 2, 2, 4, 1)).toThrow(
      argumentError('InvalidArgumentError', 'plan'),
    );
    expect(() => samplePlan(new Float64Array(4), 2, 2, 4, 1)).toThrow(argumentError('InvalidArgumentError', 'plan'));
  });
});

describe('minibatchOtPairing', () => {
  it("pairs by the exact assignment with 'exact'", async () => {
    const n = 48;
    const x0 = tf.tensor2d(new Rng(1).fillNormal(new Float32Array(n * 2)), [n, 2]);
    const x1 = tf.tensor2d(new Rng(2).fillNormal(new Float32Array(n * 2)), [n, 2]);
    const pairs = await expectNoLeaks(() => minibatchOtPairing(x0, x1, { method: 'exact' }));
    expect(Array.from(pairs.source)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(Array.from(pairs.target)).toEqual(Array.from(exactAssignment(squaredDistances(x0, x1), n)));
    tf.dispose([x0, x1]);
  });

  it("samples pairs that follow the optimal matching from a sharp entropic plan with 'sinkhorn'", async () => {
    const n = 32;
    const perm = new Rng(5).permutation(n);
    const x0 = tf.tensor2d(
      new Rng(6).fillNormal(new Float32Array(n * 2)).map((v) => 10 * v),
      [n, 2],
    );
    const x1 = tf.tidy(() => tf.add(tf.gather(x0, tf.tensor1d(perm, 'int32')), 0.01));
    const options = { method: 'sinkhorn', epsilon: 1e-3, seed: 3 } as const;
    const pairs = await expectNoLeaks(() => minibatchOtPairing(x0, x1, options));
    expect(pairs.source).toHaveLength(n);
    for (let k = 0; k < n; k += 1) expect(perm[pairs.target[k] as number]).toBe(pairs.source[k]);
    expect(minibatchOtPairing(x0, x1, options)).toEqual(pairs);
    tf.dispose([x0, x1]);
  });

  it('allows unequal batch sizes with sinkhorn and returns N pairs', () => {
    const x0 = tf.tensor2d(new Rng(7).fillNormal(new Float32Array(12)), [6, 2]);
    const x1 = tf.tensor2d(new Rng(8).fillNormal(new Float32Array(8)), [4, 2]);
    const { source, target } = minibatchOtPairing(x0, x1, { method: 'sinkhorn', epsilon: 0.5, seed: 0 });
    expect(source).toHaveLength(6);
    expect(Math.max(...target)).toBeLessThan(4);
    tf.dispose([x0, x1]);
  });

  it('rejects bad input, naming the parameter', () => {
    const x0 = tf.zeros([4, 2]);
    const x1 = tf.zeros([4, 2]);
    const short = tf.zeros([3, 2]);
    const wide = tf.zeros([4, 3]);
    const flat = tf.zeros([8]);
    expect(() => minibatchOtPairing(x0, short, { method: 'exact' })).toThrow(argumentError('ShapeError', 'x1'));
    expect(() => minibatchOtPairing(x0, wide, { method: 'exact' })).toThrow(argumentError('ShapeError', 'x1'));
    expect(() => minibatchOtPairing(flat, x1, { method: 'exact' })).toThrow(argumentError('ShapeError', 'x0'));
    expect(() => minibatchOtPairing(x0, x1, { method: 'greedy' as 'exact' })).toThrow(
      argumentError('InvalidArgumentError', 'options.method'),
    );
    expect(() => minibatchOtPairing(x0, x1, { method: 'sinkhorn', seed: 1 })).toThrow(
      argumentError('InvalidArgumentError', 'options.epsilon'),
    );
    expect(() => minibatchOtPairing(x0, x1, { method: 'sinkhorn', epsilon: -0.1, seed: 1 })).toThrow(
      argumentError('InvalidArgumentError', 'options.epsilon'),
    );
    expect(() => minibatchOtPairing(x0, x1, { method: 'sinkhorn', epsilon: 0.1 })).toThrow(
      argumentError('InvalidArgumentError', 'options.seed'),
    );
    expect(() => minibatchOtPairing(x0, x1, { method: 'sinkhorn', epsilon: 0.1, seed: -2 })).toThrow(
      argumentError('InvalidArgumentError', 'options.seed'),
    );
    tf.dispose([x0, x1, short, wide, flat]);
  });
});
