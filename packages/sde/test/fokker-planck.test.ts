import { InvalidArgumentError, NumericalError, ShapeError } from '@gen/core';
import { expectInvalidArgument, fitLogLogSlope } from '@gen/core/testing';
import { describe, expect, it } from 'vitest';
import { type FokkerPlanck1DOptions, fokkerPlanck1D } from '../src/fokker-planck.js';

/** The N cell centres of a uniform grid on [a, b]. */
function centres(a: number, b: number, n: number): number[] {
  const h = (b - a) / n;
  return Array.from({ length: n }, (_, i) => a + (i + 0.5) * h);
}

function gaussian(mean: number, variance: number): (x: number) => number {
  return (x) => Math.exp(-((x - mean) ** 2) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
}

/** h Σ |pᵢ − q(xᵢ)|. */
function l1Error(p: Float64Array, x: readonly number[], q: (x: number) => number): number {
  const h = (x[1] as number) - (x[0] as number);
  return h * x.reduce((sum, xi, i) => sum + Math.abs((p[i] as number) - q(xi)), 0);
}

/** Mean and variance of the cell averages, by the midpoint rule. */
function moments(p: Float64Array, x: readonly number[]): { mean: number; variance: number } {
  const h = (x[1] as number) - (x[0] as number);
  const mass = h * p.reduce((s, v) => s + v, 0);
  const mean = (h * x.reduce((s, xi, i) => s + xi * (p[i] as number), 0)) / mass;
  const variance = (h * x.reduce((s, xi, i) => s + (xi - mean) ** 2 * (p[i] as number), 0)) / mass;
  return { mean, variance };
}

function expectConservativeAndPositive(result: { density: Float64Array[]; mass: number[] }): void {
  const initialMass = result.mass[0] as number;
  for (const [k, p] of result.density.entries()) {
    expect(Math.abs((result.mass[k] as number) - initialMass)).toBeLessThan(1e-12);
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
  }
}

// Ornstein–Uhlenbeck dx = −θ(x − μ) dt + σ dW from N(m0, v0): the density stays Gaussian.
const OU = { theta: 1, mu: 0.5, sigma: 0.8, m0: -1, v0: 0.09 };

function ouDensity(t: number): (x: number) => number {
  const { theta, mu, sigma, m0, v0 } = OU;
  const decay = Math.exp(-theta * t);
  return gaussian(mu + (m0 - mu) * decay, v0 * decay ** 2 + ((sigma * sigma) / (2 * theta)) * (1 - decay ** 2));
}

function solveOu(n: number, ts: number[]) {
  const x = centres(-4, 4, n);
  const result = fokkerPlanck1D({
    drift: (_t, x) => -OU.theta * (x - OU.mu),
    diffusion: () => OU.sigma,
    p0: gaussian(OU.m0, OU.v0),
    x,
    ts,
  });
  return { x, result };
}

describe('fokkerPlanck1D on an Ornstein–Uhlenbeck process', () => {
  const ts = [0, 0.1, 0.5, 1, 2];

  it('matches the closed-form Gaussian density (L1 < 1e-3) on 400 cells', () => {
    const { x, result } = solveOu(400, ts);
    expect(result.ts).toEqual(ts);
    expect(result.density).toHaveLength(ts.length);
    for (const [k, t] of ts.entries()) {
      expect(l1Error(result.density[k] as Float64Array, x, ouDensity(t))).toBeLessThan(1e-3);
    }
  });

  it('conserves mass to 1e-12 and keeps the density non-negative at every output', () => {
    const { result } = solveOu(400, ts);
    expect(Math.abs((result.mass[0] as number) - 1)).toBeLessThan(1e-12);
    expectConservativeAndPositive(result);
  });

  it('converges at second order as the grid is refined', () => {
    const cells = [100, 200, 400];
    const errors = cells.map((n) => {
      const { x, result } = solveOu(n, [0, 1]);
      return l1Error(result.density[1] as Float64Array, x, ouDensity(1));
    });
    for (let i = 1; i < errors.length; i += 1) expect(errors[i]).toBeLessThan(errors[i - 1] as number);
    const order = fitLogLogSlope(
      cells.map((n) => 8 / n),
      errors,
    );
    expect(order).toBeGreaterThan(1.7);
    expect(order).toBeLessThan(2.3);
  });
});

describe('fokkerPlanck1D on other equations', () => {
  it('pure diffusion grows the variance of a narrow Gaussian by g² t', () => {
    const g = 0.5;
    const x = centres(-4, 4, 800);
    const ts = [0, 0.25, 0.5, 1];
    const result = fokkerPlanck1D({ drift: () => 0, diffusion: () => g, p0: gaussian(0.2, 0.01), x, ts });
    const initial = moments(result.density[0] as Float64Array, x);
    for (const [k, t] of ts.entries()) {
      const { mean, variance } = moments(result.density[k] as Float64Array, x);
      expect(Math.abs(mean - 0.2)).toBeLessThan(1e-12);
      expect(Math.abs(variance - initial.variance - g * g * t)).toBeLessThan(1e-10);
      expect(l1Error(result.density[k] as Float64Array, x, gaussian(0.2, 0.01 + g * g * t))).toBeLessThan(1e-3);
    }
  });

  it('reads the noise in the Itô sense: multiplicative noise relaxes to p ∝ (1 + x²)⁻³', () => {
    // dx = −x dt + √(½(1 + x²)) dW: the stationary density is exp(∫ 2f/g²) / g² ∝ (1 + x²)⁻³ (Stratonovich: ⁻⁵ᐟ²).
    const x = centres(-4, 4, 160);
    const result = fokkerPlanck1D({
      drift: (_t, x) => -x,
      diffusion: (_t, x) => Math.sqrt((1 + x * x) / 2),
      p0: gaussian(1, 0.25),
      x,
      ts: [0, 10],
    });
    const stationary = (exponent: number) => {
      const norm = (8 / 160) * x.reduce((s, xi) => s + (1 + xi * xi) ** -exponent, 0);
      return (xi: number) => (1 + xi * xi) ** -exponent / norm;
    };
    const p = result.density[1] as Float64Array;
    expect(l1Error(p, x, stationary(3))).toBeLessThan(1e-3);
    expect(l1Error(p, x, stationary(2.5))).toBeGreaterThan(0.1);
    expectConservativeAndPositive(result);
  });

  it('stays conservative and non-negative under strong drift, time-dependent coefficients and a step p0', () => {
    const x = centres(-3, 3, 300);
    const result = fokkerPlanck1D({
      drift: (t, x) => 5 * Math.sin(3 * x + 4 * t),
      diffusion: (t, x) => (x > 0 ? 0 : 0.05 * (1 + Math.cos(t))),
      p0: x.map((xi) => (Math.abs(xi) < 1 ? 2 : 0)),
      x,
      ts: [0, 0.1, 0.3, 1, 2],
      cfl: 0.99,
    });
    expect(result.mass[0]).toBeCloseTo(4, 12);
    expectConservativeAndPositive(result);
  });

  it('returns p0 unchanged at ts[0] and accepts a single output time', () => {
    const p0 = new Float64Array([0, 1, 2, 1, 0]);
    const result = fokkerPlanck1D({ drift: () => 1, diffusion: () => 1, p0, x: [0, 1, 2, 3, 4], ts: [3] });
    expect(result.density).toEqual([p0]);
    expect(result.density[0]).not.toBe(p0);
    expect(result.mass).toEqual([4]);
  });
});

describe('fokkerPlanck1D input validation', () => {
  const x = centres(-1, 1, 10);
  const base: FokkerPlanck1DOptions = { drift: () => 0, diffusion: () => 1, p0: () => 1, x, ts: [0, 0.1] };
  const solve = (changes: Record<string, unknown>) => () =>
    fokkerPlanck1D({ ...base, ...changes } as FokkerPlanck1DOptions);

  it('names the parameter of a bad argument', () => {
    expectInvalidArgument(solve({ x: [0, 1] }), InvalidArgumentError, 'x');
    expectInvalidArgument(solve({ x: [0, 1, 3, 4] }), InvalidArgumentError, 'x');
    expectInvalidArgument(solve({ x: [2, 1, 0] }), InvalidArgumentError, 'x');
    expectInvalidArgument(solve({ x: [0, Number.NaN, 2] }), InvalidArgumentError, 'x[1]');
    expectInvalidArgument(solve({ ts: [0, 1, 1] }), InvalidArgumentError, 'ts');
    expectInvalidArgument(solve({ ts: [] }), InvalidArgumentError, 'ts');
    expectInvalidArgument(solve({ ts: [0, Number.POSITIVE_INFINITY] }), InvalidArgumentError, 'ts[1]');
    expectInvalidArgument(solve({ p0: x.map((_, i) => (i === 3 ? -0.1 : 1)) }), InvalidArgumentError, 'p0[3]');
    expectInvalidArgument(solve({ p0: (xi: number) => xi }), InvalidArgumentError, 'p0');
    expectInvalidArgument(solve({ p0: [1, 2, 3] }), ShapeError, 'p0');
    expectInvalidArgument(solve({ drift: 1 }), InvalidArgumentError, 'drift');
    expectInvalidArgument(solve({ diffusion: null }), InvalidArgumentError, 'diffusion');
    expectInvalidArgument(solve({ cfl: 1 }), InvalidArgumentError, 'cfl');
    expectInvalidArgument(solve({ maxSteps: 0 }), InvalidArgumentError, 'maxSteps');
  });

  it('throws NumericalError when a coefficient is not finite or the step budget runs out', () => {
    const failure = (changes: Record<string, unknown>) => {
      try {
        solve(changes)();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const nanDrift = failure({ drift: (_t: number, xi: number) => (xi > 0.5 ? Number.NaN : 0) });
    expect(NumericalError.isInstance(nanDrift) && nanDrift.reason).toBe('non-finite');
    expect((nanDrift as Error).message).toContain('drift');
    const infDiffusion = failure({ diffusion: (t: number) => (t > 0.05 ? Number.POSITIVE_INFINITY : 1) });
    expect(NumericalError.isInstance(infDiffusion) && infDiffusion.reason).toBe('non-finite');
    expect((infDiffusion as Error).message).toContain('diffusion');
    const budget = failure({ maxSteps: 2 });
    expect(NumericalError.isInstance(budget) && budget.reason).toBe('max-steps');
    // g = 1e150 makes the stable step about 1e-304, which no longer moves t = 1: the first step fails.
    const vanishing = failure({ diffusion: () => 1e150, ts: [1, 1.1] });
    expect(NumericalError.isInstance(vanishing) && vanishing.reason).toBe('step-size-underflow');
    expect(NumericalError.isInstance(vanishing) && vanishing.t).toBe(1);
  });
});
