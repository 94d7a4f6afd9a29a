import { initBackend, ShapeError, StandardNormal, type VectorField } from '@gen/core';
import { expectClose, expectNoLeaks, expm, linearOdeProblem } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logProb } from '../src/index.js';
import { A, X } from './support/linear-flow.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// u(t, x) = A·x (support/linear-flow.ts): log det Σ = −2 tr A; sampling maps z to e^{−A}·z.

function exactLogDensity(point: readonly number[]): number {
  const e = expm(A);
  const z = e.map((row) => row.reduce((s, v, k) => s + v * (point[k] as number), 0));
  const trace = (A[0]?.[0] as number) + (A[1]?.[1] as number);
  return -0.5 * z.reduce((s, v) => s + v * v, 0) - Math.log(2 * Math.PI) + trace;
}

describe('logProb', () => {
  const problem = linearOdeProblem(A, X);
  afterAll(() => problem.dispose());

  it('equals the closed-form Gaussian log-density of a linear flow (exact divergence)', async () => {
    const x = tf.tensor2d(X);
    const { logp, z, stats } = await expectNoLeaks(() => logProb(problem.field, x, { rtol: 1e-6, atol: 1e-6 }));
    expectClose(await logp.data(), X.map(exactLogDensity), { atol: 1e-4 }, 'log p₀');
    expectClose(await z.data(), problem.solution(1).flat(), { atol: 1e-4 }, 'z = φ₁(x)');
    expect(stats.nfe).toBeGreaterThan(0);
    tf.dispose([x, logp, z]);
  });

  it('uses a closed-form divergence attached to the field', async () => {
    let calls = 0;
    const trace = (A[0]?.[0] as number) + (A[1]?.[1] as number);
    const field: VectorField = Object.assign((t: number, y: tf.Tensor) => problem.field(t, y), {
      divergence: (_t: number, y: tf.Tensor) => {
        calls += 1;
        return tf.fill([y.shape[0] as number], trace);
      },
    });
    const x = tf.tensor2d(X);
    const { logp, z } = await expectNoLeaks(() => logProb(field, x, { rtol: 1e-6, atol: 1e-6 }));
    expect(calls).toBeGreaterThan(0);
    expectClose(await logp.data(), X.map(exactLogDensity), { atol: 1e-4 }, 'log p₀');
    tf.dispose([x, logp, z]);
  });

  it('Hutchinson agrees with the exact value in expectation (mean of 40 seeds within 3 standard errors)', async () => {
    const x = tf.tensor2d(X);
    const runs: Float32Array[] = [];
    for (let seed = 0; seed < 40; seed += 1) {
      const { logp, z } = await logProb(problem.field, x, { divergence: 'hutchinson', seed, rtol: 1e-5, atol: 1e-5 });
      runs.push((await logp.data()) as Float32Array);
      tf.dispose([logp, z]);
    }
    const exact = X.map(exactLogDensity);
    let spread = 0;
    exact.forEach((value, i) => {
      const draws = runs.map((r) => r[i] as number);
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1));
      spread = Math.max(spread, sd);
      expect(Math.abs(mean - value)).toBeLessThan(3 * (sd / Math.sqrt(draws.length)) + 1e-4);
    });
    expect(spread).toBeGreaterThan(0.01); // the estimator really is stochastic here (A has off-diagonal terms)
    const averaged = await expectNoLeaks(() =>
      logProb(problem.field, x, { divergence: 'hutchinson', probes: 8, probe: 'gaussian' }),
    );
    expect(averaged.logp.shape).toEqual([4]);
    tf.dispose([x, averaged.logp, averaged.z]);
  });

  it('rejects bad input', async () => {
    const x = tf.tensor2d(X);
    const flat = tf.tensor1d([1, 2]);
    await expect(logProb(problem.field, flat)).rejects.toThrow(ShapeError);
    await expect(logProb(problem.field, x, { divergence: 'stochastic' as 'exact' })).rejects.toThrow(
      /"options.divergence"/,
    );
    await expect(logProb(problem.field, x, { probes: 0 })).rejects.toThrow(/"options.probes"/);
    await expect(logProb(problem.field, x, { prior: new StandardNormal(3) })).rejects.toThrow(
      /"options.prior": expected shape a distribution of dimension 2/,
    );
    tf.dispose([x, flat]);
  });
});

describe('logProb over a time span', () => {
  it('integrates over [t0, t1]: the linear flow from 0.5 to 1 pushes densities by e^{A/2}', async () => {
    const problem = linearOdeProblem(A, X);
    const x = tf.tensor2d(X);
    const { logp, z } = await expectNoLeaks(() =>
      logProb(problem.field, x, { timeSpan: [0.5, 1], rtol: 1e-6, atol: 1e-6 }),
    );
    const half = expm(A.map((row) => row.map((v) => v / 2)));
    const trace = (A[0]?.[0] as number) + (A[1]?.[1] as number);
    const expected = X.map((point) => {
      const w = half.map((row) => row.reduce((s, v, k) => s + v * (point[k] as number), 0));
      return -0.5 * w.reduce((s, v) => s + v * v, 0) - Math.log(2 * Math.PI) + trace / 2;
    });
    expectClose(await logp.data(), expected, { atol: 1e-4 }, 'log p_{0.5}');
    tf.dispose([x, logp, z]);
    problem.dispose();
  });
});
