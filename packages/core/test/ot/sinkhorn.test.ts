import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/index.js';
import { exactAssignment, sinkhorn } from '../../src/ot/index.js';
import { Rng } from '../../src/random/rng.js';
import { expectClose } from '../../src/testing/index.js';
import { randomCost } from '../fixtures/random-cost.js';
import { argumentError } from '../support/argument-error.js';

beforeAll(async () => {
  await initBackend('cpu');
});

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
