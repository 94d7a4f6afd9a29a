import { InvalidArgumentError, initBackend, randomNormal, ShapeError } from '@gen/core';
import { expectClose, expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LinearDiffusionProcess, SubVPSDE, VESDE, VPSDE } from '../src/processes/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Closed forms of one process: α_t, σ_t, f(t), g(t) and the prior's standard deviation. */
interface ClosedForm {
  mean(t: number): number;
  std(t: number): number;
  f(t: number): number;
  g(t: number): number;
  priorStd: number;
}

function vpClosedForm(betaMin: number, betaMax: number, subVp: boolean): ClosedForm {
  const beta = (t: number) => betaMin + t * (betaMax - betaMin);
  const integral = (t: number) => betaMin * t + 0.5 * (betaMax - betaMin) * t * t;
  return {
    mean: (t) => Math.exp(-0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin),
    std: (t) => (subVp ? -Math.expm1(-integral(t)) : Math.sqrt(-Math.expm1(-integral(t)))),
    f: (t) => -0.5 * beta(t),
    g: (t) => Math.sqrt(subVp ? -beta(t) * Math.expm1(-2 * integral(t)) : beta(t)),
    priorStd: 1,
  };
}

function veClosedForm(sigmaMin: number, sigmaMax: number): ClosedForm {
  const sigma = (t: number) => sigmaMin * (sigmaMax / sigmaMin) ** t;
  return {
    mean: () => 1,
    std: (t) => Math.sqrt(sigma(t) ** 2 - sigmaMin ** 2),
    f: () => 0,
    g: (t) => sigma(t) * Math.sqrt(2 * Math.log(sigmaMax / sigmaMin)),
    priorStd: sigmaMax,
  };
}

const cases: readonly { label: string; process: LinearDiffusionProcess; exact: ClosedForm }[] = [
  { label: 'VP', process: new VPSDE(), exact: vpClosedForm(0.1, 20, false) },
  { label: 'VP β 0.5..10', process: new VPSDE({ betaMin: 0.5, betaMax: 10 }), exact: vpClosedForm(0.5, 10, false) },
  { label: 'sub-VP', process: new SubVPSDE(), exact: vpClosedForm(0.1, 20, true) },
  { label: 'sub-VP β 0..5', process: new SubVPSDE({ betaMin: 0, betaMax: 5 }), exact: vpClosedForm(0, 5, true) },
  { label: 'VE', process: new VESDE(), exact: veClosedForm(0.01, 50) },
  { label: 'VE σ 0.05..20', process: new VESDE({ sigmaMin: 0.05, sigmaMax: 20 }), exact: veClosedForm(0.05, 20) },
];

const TIMES = [0, 1e-5, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 1];
const INTERIOR = [0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98];

describe.each(cases)('$label', ({ process, exact }) => {
  it('marginal, drift coefficient and diffusion equal their closed forms', () => {
    const at = (fn: (t: number) => number) => TIMES.map(fn);
    expectClose(
      at((t) => process.marginal(t).mean),
      at(exact.mean),
      { rtol: 1e-12 },
      'α_t',
    );
    expectClose(
      at((t) => process.marginal(t).std),
      at(exact.std),
      { rtol: 1e-9, atol: 1e-15 },
      'σ_t',
    );
    expectClose(
      at((t) => process.driftCoefficient(t)),
      at(exact.f),
      { rtol: 1e-12 },
      'f(t)',
    );
    expectClose(
      at((t) => process.diffusion(t)),
      at(exact.g),
      { rtol: 1e-9, atol: 1e-15 },
      'g(t)',
    );
    expect(process.marginal(0)).toEqual({ mean: 1, std: 0 });
    expect(process.priorStd).toBe(exact.priorStd);
  });

  it('solves the moment equations dα/dt = f·α and dσ²/dt = 2f·σ² + g² (central differences, h = 1e-6)', () => {
    const h = 1e-6;
    const slope = (fn: (t: number) => number, t: number) => (fn(t + h) - fn(t - h)) / (2 * h);
    const alpha = (t: number) => process.marginal(t).mean;
    const variance = (t: number) => process.marginal(t).std ** 2;
    expectClose(
      INTERIOR.map((t) => slope(alpha, t)),
      INTERIOR.map((t) => process.driftCoefficient(t) * alpha(t)),
      { rtol: 1e-6, atol: 1e-9 },
      'dα/dt',
    );
    expectClose(
      INTERIOR.map((t) => slope(variance, t)),
      INTERIOR.map((t) => 2 * process.driftCoefficient(t) * variance(t) + process.diffusion(t) ** 2),
      { rtol: 1e-6, atol: 1e-9 },
      'dσ²/dt',
    );
  });

  it('drift, sde(), reverse(score) and probabilityFlow(score) compute f·x, g, f·x − g²·s and f·x − ½g²·s', async () => {
    const x = tf.tensor2d([
      [0.5, -1],
      [2, 0.25],
      [-3, 1.5],
    ]);
    const score = (_t: number, y: tf.Tensor) => tf.mul(y, -2);
    const t = 0.4;
    const f = exact.f(t);
    const g2 = exact.g(t) ** 2;
    const values = (await x.data()) as Float32Array;
    const expected = (weight: number) => Array.from(values, (v) => f * v + weight * g2 * 2 * v);
    const forward = process.sde();
    const reverse = process.reverse(score);
    const flow = process.probabilityFlow(score);
    expect(forward.noise).toBe('additive');
    expect(reverse.noise).toBe('additive');
    const outputs = await expectNoLeaks(() => [
      process.drift(t, x),
      forward.drift(t, x),
      forward.diffusion(t, x),
      reverse.drift(t, x),
      reverse.diffusion(t, x),
      flow(t, x),
    ]);
    const [drift, forwardDrift, forwardDiffusion, reverseDrift, reverseDiffusion, flowValue] = outputs as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    const tol = { rtol: 1e-6, atol: 1e-6 };
    expectClose(await drift.data(), expected(0), tol, 'drift');
    expectClose(await forwardDrift.data(), expected(0), tol, 'sde().drift');
    expect(forwardDiffusion.shape).toEqual([3, 2]);
    expectClose(await forwardDiffusion.data(), new Array(6).fill(exact.g(t)), tol, 'sde().diffusion');
    expectClose(await reverseDrift.data(), expected(1), tol, 'reverse drift');
    expectClose(await reverseDiffusion.data(), new Array(6).fill(exact.g(t)), tol, 'reverse diffusion');
    expectClose(await flowValue.data(), expected(0.5), tol, 'probability flow');
    expect(x.isDisposed).toBe(false);
    tf.dispose([x, ...outputs]);
  });

  it('sde() simulated by Euler–Maruyama from x_0 reproduces N(α_t·x_0, σ_t²) (n = 2000, 4 standard errors)', async () => {
    // 150 steps to t = 0.3: the Euler–Maruyama bias of the variance is ≤ 1 % here (β·dt ≤ 0.013).
    const n = 2000;
    const steps = 150;
    const tEnd = 0.3;
    const x0 = [1, -2];
    const sde = process.sde();
    const dt = tEnd / steps;
    let x = tf.tidy(() => tf.mul(tf.ones([n, 2]), tf.tensor1d(x0)));
    for (let k = 0; k < steps; k += 1) {
      const t = k * dt;
      const next = tf.tidy(() => {
        const noise = randomNormal([n, 2], k + 1, 0, Math.sqrt(dt));
        return tf.add(tf.add(x, tf.mul(sde.drift(t, x), dt)), tf.mul(sde.diffusion(t, x), noise));
      });
      x.dispose();
      x = next;
    }
    const { mean, std } = process.marginal(tEnd);
    const rows = (await x.array()) as number[][];
    x.dispose();
    for (const [j, start] of x0.entries()) {
      const column = rows.map((r) => r[j] as number);
      const m = column.reduce((a, b) => a + b, 0) / n;
      const v = column.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
      expect(Math.abs(m - mean * start)).toBeLessThan(4 * Math.sqrt(std ** 2 / n) + 1e-3);
      expect(Math.abs(v / std ** 2 - 1)).toBeLessThan(4 * Math.sqrt(2 / (n - 1)) + 0.01);
    }
  });

  it('has the prior N(0, priorStd²·I): samples, density and distribution agree', async () => {
    const n = 4000;
    const sample = await expectNoLeaks(() => process.priorSample([n, 3], 5));
    expect(sample.shape).toEqual([n, 3]);
    const again = process.prior(3).sample(n, 5);
    expectClose(await sample.data(), await again.data(), { atol: 0 }, 'priorSample = prior(3).sample');
    const values = (await sample.data()) as Float32Array;
    const variance = values.reduce((a, b) => a + b * b, 0) / values.length;
    expect(Math.abs(variance / exact.priorStd ** 2 - 1)).toBeLessThan(4 * Math.sqrt(2 / values.length));
    const points = [
      [0, 0, 0],
      [1, -2, 0.5],
      [exact.priorStd, 0, -exact.priorStd],
    ];
    const x = tf.tensor2d(points);
    const logp = await expectNoLeaks(() => process.priorLogProb(x));
    const reference = points.map(
      (p) =>
        -0.5 * p.reduce((a, v) => a + (v / exact.priorStd) ** 2, 0) -
        3 * Math.log(exact.priorStd) -
        1.5 * Math.log(2 * Math.PI),
    );
    expectClose(await logp.data(), reference, { atol: 1e-4, rtol: 1e-6 }, 'priorLogProb');
    expect(process.prior(7).dim).toBe(7);
    tf.dispose([sample, again, x, logp]);
  });

  it('throws typed errors naming the bad argument', () => {
    const x = tf.zeros([2, 2]);
    expectInvalidArgument(() => process.marginal(1.5), InvalidArgumentError, 't');
    expectInvalidArgument(() => process.marginal(-0.1), InvalidArgumentError, 't');
    expectInvalidArgument(() => process.diffusion(Number.NaN), InvalidArgumentError, 't');
    expectInvalidArgument(() => process.drift(2, x), InvalidArgumentError, 't');
    expectInvalidArgument(() => process.drift(0.5, [1, 2] as unknown as tf.Tensor), InvalidArgumentError, 'x');
    expectInvalidArgument(() => process.priorSample([0, 2], 1), InvalidArgumentError, 'shape[0]');
    expectInvalidArgument(() => process.priorSample([4, 1.5], 1), InvalidArgumentError, 'shape[1]');
    expectInvalidArgument(
      () => process.priorSample([4] as unknown as [number, number], 1),
      InvalidArgumentError,
      'shape',
    );
    expectInvalidArgument(() => process.priorSample([4, 2], -1), InvalidArgumentError, 'seed');
    expectInvalidArgument(() => process.priorLogProb(tf.zeros([3])), ShapeError, 'x');
    expectInvalidArgument(() => process.prior(0), InvalidArgumentError, 'dim');
    expectInvalidArgument(() => process.reverse('score' as never), InvalidArgumentError, 'score');
    expectInvalidArgument(() => process.probabilityFlow(undefined as never), InvalidArgumentError, 'score');
    x.dispose();
  });
});

describe('constructor validation', () => {
  it('names the offending option', () => {
    expectInvalidArgument(() => new VPSDE({ betaMin: -1 }), InvalidArgumentError, 'options.betaMin');
    expectInvalidArgument(() => new VPSDE({ betaMin: 30, betaMax: 20 }), InvalidArgumentError, 'options.betaMax');
    expectInvalidArgument(
      () => new VPSDE({ betaMax: Number.POSITIVE_INFINITY }),
      InvalidArgumentError,
      'options.betaMax',
    );
    expectInvalidArgument(() => new SubVPSDE({ betaMin: Number.NaN }), InvalidArgumentError, 'options.betaMin');
    expectInvalidArgument(() => new SubVPSDE({ betaMax: 0.05 }), InvalidArgumentError, 'options.betaMax');
    expectInvalidArgument(() => new VESDE({ sigmaMin: 0 }), InvalidArgumentError, 'options.sigmaMin');
    expectInvalidArgument(() => new VESDE({ sigmaMin: 1, sigmaMax: 1 }), InvalidArgumentError, 'options.sigmaMax');
    expectInvalidArgument(() => new VESDE({ sigmaMax: -5 }), InvalidArgumentError, 'options.sigmaMax');
  });

  it('keeps the defaults of score_sde', () => {
    expect(new VPSDE().schedule.betaMax).toBe(20);
    expect(new SubVPSDE().schedule.betaMin).toBe(0.1);
    expect(new VESDE().priorStd).toBe(50);
    expect(new VESDE().schedule.sigmaMin).toBe(0.01);
  });
});
