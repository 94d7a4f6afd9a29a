import { InvalidArgumentError, initBackend, NumericalError, ShapeError } from '@gen/core';
import { expectNoLeaks, fitLogLogSlope } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BrownianPath } from '../src/brownian/index.js';
import { type Sde, type SdeOptions, sdeint } from '../src/index.js';
import { countingSde } from './support/counting-sde.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const PATHS = 10_000;
const STEPS = [3, 4, 5, 6, 7, 8, 9].map((k) => 2 ** -k);

/** Geometric Brownian motion dX = μX dt + σX dW; X_T = X₀·exp((μ − σ²/2)T + σW_T). */
function gbm(mu: number, sigma: number, kind: 'ito' | 'stratonovich' = 'ito'): Sde {
  return { noise: 'diagonal', kind, drift: (_t, x) => tf.mul(x, mu), diffusion: (_t, x) => tf.mul(x, sigma) };
}

/** Mean |X_T(dt) − X_T(exact)| over the paths, for each dt, all on one Brownian path. */
async function strongErrors(sde: Sde, method: string, exact: (wT: Float32Array) => Float64Array): Promise<number[]> {
  const bm = new BrownianPath({ shape: [PATHS, 1], t0: 0, t1: 1, seed: 11 });
  const x0 = tf.ones([PATHS, 1]);
  const wT = bm.increment(0, 1);
  const reference = exact((await wT.data()) as Float32Array);
  const errors: number[] = [];
  for (const dt of STEPS) {
    const { ys } = await sdeint(sde, x0, [0, 1], { method, stepSize: dt, bm });
    const end = (await ys.slice(1, 1).data()) as Float32Array;
    errors.push(end.reduce((s, v, i) => s + Math.abs(v - (reference[i] as number)), 0) / PATHS);
    ys.dispose();
  }
  tf.dispose([x0, wT]);
  return errors;
}

describe('strong order on geometric Brownian motion (μ = 0.5, σ = 1, 10 000 paths, dt = 2⁻³…2⁻⁹)', () => {
  const exactIto = (wT: Float32Array) => Float64Array.from(wT, (w) => Math.exp(0.5 - 0.5 + w));
  it('Euler–Maruyama has strong order 0.5 ± 0.15', async () => {
    const errors = await strongErrors(gbm(0.5, 1), 'euler', exactIto);
    expect(Math.abs(fitLogLogSlope(STEPS, errors) - 0.5)).toBeLessThan(0.15);
  });
  it('Milstein has strong order 1.0 ± 0.15', async () => {
    const errors = await strongErrors(gbm(0.5, 1), 'milstein', exactIto);
    expect(Math.abs(fitLogLogSlope(STEPS, errors) - 1)).toBeLessThan(0.15);
  });
  it('Heun solves the Stratonovich GBM (X_T = exp(μT + σW_T)) with strong order 1.0 ± 0.15', async () => {
    const errors = await strongErrors(gbm(0.5, 1, 'stratonovich'), 'heun', (wT) =>
      Float64Array.from(wT, (w) => Math.exp(0.5 + w)),
    );
    expect(Math.abs(fitLogLogSlope(STEPS, errors) - 1)).toBeLessThan(0.15);
  });
});

describe('weak order and additive noise', () => {
  it('Euler–Maruyama has weak order 1 on E[X_T] = e^{μT} (μ = 1.5, σ = 0.5)', async () => {
    // The error of the mean is measured against the exact solution on the same paths, which cancels most of the
    // sampling noise (its standard error is printed into the assertion message below).
    const bm = new BrownianPath({ shape: [40_000, 1], t0: 0, t1: 1, seed: 5 });
    const x0 = tf.ones([40_000, 1]);
    const steps = [2, 3, 4, 5].map((k) => 2 ** -k);
    const errors: number[] = [];
    for (const dt of steps) {
      const { ys } = await sdeint(gbm(1.5, 0.5), x0, [0, 1], { stepSize: dt, bm });
      const end = (await ys.slice(1, 1).data()) as Float32Array;
      const mean = end.reduce((s, v) => s + v, 0) / end.length;
      errors.push(Math.abs(mean - Math.exp(1.5)));
      ys.dispose();
    }
    x0.dispose();
    // E[X_n] = (1 + μh)^n exactly for Euler–Maruyama, so the true weak errors are e^{1.5} − (1 + 1.5h)^{1/h}.
    const slope = fitLogLogSlope(steps, errors);
    expect(Math.abs(slope - 1), `weak errors ${errors.map((e) => e.toExponential(2))}`).toBeLessThan(0.25);
  });

  it('SRK (SRA1) has strong order ≥ 1.3 on a nonlinear additive-noise SDE', async () => {
    const sde: Sde = {
      noise: 'additive',
      drift: (_t, x) => tf.tidy(() => tf.add(tf.neg(x), tf.mul(tf.sin(x), 0.5))),
      diffusion: (t, x) => tf.fill(x.shape, 0.5 * (1 + t)),
    };
    const bm = new BrownianPath({ shape: [2000, 1], t0: 0, t1: 1, seed: 3 });
    const x0 = tf.fill([2000, 1], 0.5);
    const solve = async (dt: number): Promise<Float32Array> => {
      const { ys } = await sdeint(sde, x0, [0, 1], { method: 'srk', stepSize: dt, bm });
      const end = (await ys.slice(1, 1).data()) as Float32Array;
      ys.dispose();
      return end;
    };
    const reference = await solve(2 ** -11);
    const steps = [2, 3, 4, 5].map((k) => 2 ** -k);
    const errors: number[] = [];
    for (const dt of steps) {
      const end = await solve(dt);
      errors.push(end.reduce((s, v, i) => s + Math.abs(v - (reference[i] as number)), 0) / end.length);
    }
    x0.dispose();
    expect(fitLogLogSlope(steps, errors)).toBeGreaterThan(1.3);
  });
});

describe('Ornstein–Uhlenbeck marginals', () => {
  it('sample mean and variance at t match the closed form, forwards', async () => {
    // dX = −θ(X − μ)dt + σ dW from X₀ = 2: mean μ + (2 − μ)e^{−θt}, variance σ²/(2θ)(1 − e^{−2θt}).
    const [theta, mu, sigma] = [2, -1, 0.8];
    const ou: Sde = {
      noise: 'additive',
      drift: (_t, x) => tf.mul(tf.sub(x, mu), -theta),
      diffusion: (_t, x) => tf.fill(x.shape, sigma),
    };
    const n = 20_000;
    const x0 = tf.fill([n, 1], 2);
    const ts = [0, 0.25, 1];
    const { ys } = await expectNoLeaks(() => sdeint(ou, x0, ts, { method: 'srk', stepSize: 2 ** -7, seed: 4 }));
    const values = (await ys.data()) as Float32Array;
    for (const [k, t] of ts.entries()) {
      if (k === 0) continue;
      const row = values.slice(k * n, (k + 1) * n);
      const mean = row.reduce((s, v) => s + v, 0) / n;
      const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
      const exactVariance = ((sigma * sigma) / (2 * theta)) * (1 - Math.exp(-2 * theta * t));
      expect(Math.abs(mean - (mu + (2 - mu) * Math.exp(-theta * t)))).toBeLessThan(4 * Math.sqrt(exactVariance / n));
      expect(Math.abs(variance - exactVariance)).toBeLessThan(4 * exactVariance * Math.sqrt(2 / n) + 2e-3);
    }
    tf.dispose([x0, ys]);
  });
});

describe('sdeint mechanics', () => {
  it('runs backwards in time on the same path and follows any noise type', async () => {
    const bm = new BrownianPath({ shape: [4, 1], t0: 0, t1: 1, seed: 2 });
    // Pure noise dX = dW from 1 back to 0: X(0) = X(1) − (W(1) − W(0)).
    const noiseOnly: Sde = { noise: 'scalar', drift: (_t, x) => tf.zerosLike(x), diffusion: (_t, x) => tf.onesLike(x) };
    const x1 = tf.zeros([4, 3]);
    const { ys } = await expectNoLeaks(() => sdeint(noiseOnly, x1, [1, 0], { stepSize: 0.1, bm }));
    const w = await bm.increment(0, 1).data();
    const end = (await ys.slice(1, 1).data()) as Float32Array;
    for (let i = 0; i < 4; i += 1)
      for (let j = 0; j < 3; j += 1) expect(end[3 * i + j]).toBeCloseTo(-(w[i] as number), 5);
    tf.dispose([x1, ys]);

    const general: Sde = {
      noise: 'general',
      brownianDim: 2,
      drift: (_t, x) => tf.zerosLike(x),
      diffusion: (_t, x) =>
        tf.tile(
          tf.tensor3d([
            [
              [1, 0],
              [0, 2],
              [1, 1],
            ],
          ]),
          [x.shape[0] as number, 1, 1],
        ),
    };
    const bm2 = new BrownianPath({ shape: [4, 2], t0: 0, t1: 1, seed: 7 });
    const start = tf.zeros([4, 3]);
    const solution = await expectNoLeaks(() => sdeint(general, start, [0, 1], { stepSize: 0.25, bm: bm2 }));
    const w2 = await bm2.increment(0, 1).data();
    const out = await solution.ys.slice(1, 1).data();
    expect(out[0]).toBeCloseTo(w2[0] as number, 5);
    expect(out[1]).toBeCloseTo(2 * (w2[1] as number), 5);
    expect(out[2]).toBeCloseTo((w2[0] as number) + (w2[1] as number), 5);
    expect(solution.stats.steps).toBe(4);
    tf.dispose([start, solution.ys]);
  });

  it('evaluates drift and diffusion at each step start once, the shape check included, and counts every call', async () => {
    const x0 = tf.ones([8, 2]);
    const additive: Sde = {
      noise: 'additive',
      drift: (_t, x) => tf.neg(x),
      diffusion: (_t, x) => tf.fill(x.shape, 0.5),
    };
    // Per step: Euler f, g at the start; Heun and SRK two more at a second point; Milstein (diagonal) f at the start
    // and g with its derivative, so the first start's g (from the shape check) is its one extra evaluation.
    const cases: { method: string; sde: Sde; expected: (steps: number) => number }[] = [
      { method: 'euler', sde: gbm(0.5, 1), expected: (n) => 2 * n },
      { method: 'heun', sde: gbm(0.5, 1, 'stratonovich'), expected: (n) => 4 * n },
      { method: 'milstein', sde: gbm(0.5, 1), expected: (n) => 2 * n + 1 },
      { method: 'milstein', sde: additive, expected: (n) => 2 * n },
      { method: 'srk', sde: additive, expected: (n) => 4 * n },
    ];
    for (const { method, sde, expected } of cases) {
      const counting = countingSde(sde);
      const { ys, stats } = await expectNoLeaks(() =>
        sdeint(counting.sde, x0, [0, 0.5, 1], { method, stepSize: 0.125 }),
      );
      expect(stats.steps, method).toBe(8);
      expect(stats.nfe, method).toBe(expected(8));
      expect(counting.calls(), method).toBe(stats.nfe);
      ys.dispose();
    }
    x0.dispose();
  });

  it('is reproducible for a seed and reports non-finite states', async () => {
    const x0 = tf.ones([8, 2]);
    const a = await sdeint(gbm(0.5, 1), x0, [0, 0.5, 1], { stepSize: 0.01, seed: 9 });
    const b = await sdeint(gbm(0.5, 1), x0, [0, 0.5, 1], { stepSize: 0.01, seed: 9 });
    expect(Array.from(await a.ys.data())).toEqual(Array.from(await b.ys.data()));
    expect(a.ys.shape).toEqual([3, 8, 2]);
    const explode: Sde = {
      noise: 'diagonal',
      drift: (_t, x) => tf.mul(tf.square(x), 1e6),
      diffusion: (_t, x) => tf.zerosLike(x),
    };
    await expect(sdeint(explode, x0, [0, 1], { stepSize: 0.1 })).rejects.toThrow(NumericalError);
    const reported = await expectNoLeaks(() =>
      sdeint(explode, x0, [0, 0.001, 1], { stepSize: 0.1, throwOnFailure: false }),
    );
    expect(reported.status).toBe('non-finite');
    expect(reported.ts).toEqual([0, 0.001]);
    tf.dispose([x0, a.ys, b.ys, reported.ys]);
  });

  it('a fixed grid that needs more than maxSteps steps, or whose step cannot move t, is refused before any step', async () => {
    const x0 = tf.ones([4, 2]);
    let calls = 0;
    const sde: Sde = {
      ...gbm(0.5, 1),
      drift: (_t, x) => {
        calls += 1;
        return tf.mul(x, 0.5);
      },
    };
    const refusal = (options: SdeOptions, ts = [0, 1]) => sdeint(sde, x0, ts, options).catch((e: unknown) => e);
    // stepSize = 1e-20 used to run forever: 1e20 steps, and t + 1e-20 == t once t > 1e-4.
    const tiny = await expectNoLeaks(() => refusal({ stepSize: 1e-20 }));
    expect(InvalidArgumentError.isInstance(tiny) && tiny.parameter).toBe('options.stepSize');
    expect(String(tiny)).toMatch(
      /within options.maxSteps = 10000 steps.*needs 100000000000000000000 steps; raise options.maxSteps to at least/,
    );
    const budget = await expectNoLeaks(() => refusal({ stepSize: 0.1, maxSteps: 9 }));
    expect(String(budget)).toMatch(/needs 10 steps/);
    const stuck = await expectNoLeaks(() => refusal({ stepSize: 1e-17, maxSteps: 1e6 }, [1, 1 + 1e-12]));
    expect(InvalidArgumentError.isInstance(stuck) && stuck.parameter).toBe('options.stepSize');
    expect(String(stuck)).toMatch(/t \+ h == t/);
    expect(calls).toBe(0);
    const { ys, stats } = await expectNoLeaks(() => sdeint(sde, x0, [0, 1], { stepSize: 0.1, maxSteps: 10 }));
    expect(stats.steps).toBe(10);
    tf.dispose([ys, x0]);
  });

  it('rejects bad input with errors naming the parameter', async () => {
    const x0 = tf.ones([4, 2]);
    const sde = gbm(0.5, 1);
    await expect(sdeint(sde, x0, [0, 1], { stepSize: -0.1 })).rejects.toThrow(
      /"options.stepSize": expected a positive/,
    );
    await expect(sdeint(sde, x0, [0, 1, 0.5])).rejects.toThrow(/"ts\[2\]"/);
    await expect(sdeint(sde, x0, [0, 1], { method: 'rk4' })).rejects.toThrow(
      /"options.method": expected one of "euler", "milstein", "heun", "srk"/,
    );
    await expect(sdeint(sde, x0, [0, 1], { method: 'heun' })).rejects.toThrow(/for ito SDEs/);
    await expect(sdeint({ ...sde, kind: 'stratonovich' }, x0, [0, 1])).rejects.toThrow(/Use "heun"/);
    await expect(sdeint(sde, x0, [0, 1], { method: 'srk' })).rejects.toThrow(/for diagonal noise/);
    const wrongG: Sde = { ...sde, diffusion: (_t, x) => tf.ones([x.shape[0] as number, 1]) };
    await expect(sdeint(wrongG, x0, [0, 1])).rejects.toThrow(ShapeError);
    await expect(sdeint(wrongG, x0, [0, 1])).rejects.toThrow(
      /"sde.diffusion\(t, x\)": expected shape \[4, 2\] for diagonal noise/,
    );
    await expect(sdeint({ ...sde, noise: 'general' }, x0, [0, 1])).rejects.toThrow(/"sde.brownianDim"/);
    await expect(sdeint({ ...sde, noise: 'vector' as 'diagonal' }, x0, [0, 1])).rejects.toThrow(InvalidArgumentError);
    const bm = new BrownianPath({ shape: [4, 1], t0: 0, t1: 1, seed: 0 });
    await expect(sdeint(sde, x0, [0, 1], { bm })).rejects.toThrow(
      /"options.bm": expected shape a Brownian motion of shape \[4, 2\]/,
    );
    x0.dispose();
  });
});
