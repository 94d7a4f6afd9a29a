import { InvalidArgumentError, initBackend, NumericalError } from '@gen/core';
import { expectNoLeaks, fitLogLogSlope } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BrownianPath } from '../src/brownian/index.js';
import { type Sde, type SdeOptions, type SdeStepInfo, sdeint } from '../src/index.js';
import { countingSde } from './support/counting-sde.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const PATHS = 2000;

/** Geometric Brownian motion dX = μX dt + σX dW. */
const gbm: Sde = { noise: 'diagonal', drift: (_t, x) => tf.mul(x, 0.5), diffusion: (_t, x) => tf.mul(x, 1) };

/** dX = −λ(t)X dt + ½ dW with λ = 400 on the window [0.5, 0.5625) and 1 elsewhere. */
const inWindow = (t: number) => t >= 0.5 && t < 0.5625;
const windowed: Sde = {
  noise: 'additive',
  drift: (t, x) => tf.mul(x, inWindow(t) ? -400 : -1),
  diffusion: (_t, x) => tf.fill(x.shape, 0.5),
};

/** Mean |ys[last] − reference| over the paths. */
async function meanAbsError(ys: tf.Tensor, reference: ArrayLike<number>): Promise<number> {
  const end = ys.slice(ys.shape[0] - 1, 1);
  const values = await end.data();
  end.dispose();
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += Math.abs((values[i] as number) - (reference[i] as number));
  return sum / values.length;
}

/** Runs an adaptive solve recording every attempt. */
async function recorded(sde: Sde, x0: tf.Tensor, ts: number[], options: SdeOptions) {
  const attempts: SdeStepInfo[] = [];
  const solution = await sdeint(sde, x0, ts, { ...options, adaptive: true, onStep: (info) => attempts.push(info) });
  return { ...solution, attempts };
}

describe('accuracy', () => {
  it('on GBM (μ = 0.5, σ = 1, 2 000 paths) the strong error shrinks with the tolerance', async () => {
    const bm = new BrownianPath({ shape: [PATHS, 1], t0: 0, t1: 1, seed: 3 });
    const x0 = tf.ones([PATHS, 1]);
    const wT = bm.increment(0, 1);
    const exact = Float64Array.from(await wT.data(), (w) => Math.exp(w)); // X₁ = exp((μ − σ²/2) + σW₁)
    const tolerances = [1e-1, 1e-2, 1e-3];
    for (const [method, minSlope] of [
      ['euler', 0.2],
      ['milstein', 0.4],
    ] as const) {
      const errors: number[] = [];
      for (const tol of tolerances) {
        const { ys } = await sdeint(gbm, x0, [0, 1], {
          method,
          bm,
          adaptive: true,
          rtol: tol,
          atol: tol,
          firstStep: 0.1,
        });
        errors.push(await meanAbsError(ys, exact));
        ys.dispose();
      }
      // Measured (seed 3): euler 0.284, 0.109, 0.028; milstein 0.109, 0.044, 0.0062.
      expect(errors[1]).toBeLessThan(errors[0] as number);
      expect(errors[2]).toBeLessThan(errors[1] as number);
      expect(fitLogLogSlope(tolerances, errors)).toBeGreaterThan(minSlope);
    }
    tf.dispose([x0, wT]);
  });

  it('takes small steps only where λ(t) is large, and needs fewer evaluations than fixed steps for the same error', async () => {
    const bm = new BrownianPath({ shape: [PATHS, 1], t0: 0, t1: 1, seed: 3 });
    const x0 = tf.ones([PATHS, 1]);
    const reference = await sdeint(windowed, x0, [0, 0.75], { method: 'srk', bm, stepSize: 2 ** -12 });
    const exact = await reference.ys.slice(1, 1).data();
    reference.ys.dispose();
    const adaptive = await recorded(windowed, x0, [0, 0.75], { bm, rtol: 1e-2, atol: 1e-2, firstStep: 0.1 });
    const adaptiveError = await meanAbsError(adaptive.ys, exact);
    const accepted = adaptive.attempts.filter((a) => a.accepted);
    const inside = accepted.filter((a) => inWindow(a.t)).length;
    const outside = accepted.length - inside;
    // Step density (steps per unit time) inside the window of length 1/16 vs the rest (length 11/16).
    expect(inside / (1 / 16)).toBeGreaterThan(10 * (outside / (11 / 16)));
    expect(Math.max(...accepted.filter((a) => !inWindow(a.t)).map((a) => a.h))).toBeGreaterThanOrEqual(2 ** -4);
    const fixed = await sdeint(windowed, x0, [0, 0.75], { bm, stepSize: 2 ** -9 });
    const fixedError = await meanAbsError(fixed.ys, exact);
    // Measured: adaptive 0.0032 with 208 evaluations (37 steps inside, 13 outside, 4 rejected); fixed dt = 2⁻⁹
    // 0.0054 with 768; fixed dt = 2⁻⁷ (192 evaluations) is unstable in the window (error 210).
    expect(adaptiveError).toBeLessThan(fixedError);
    expect(adaptive.stats.nfe).toBeLessThan(0.35 * fixed.stats.nfe);
    tf.dispose([x0, adaptive.ys, fixed.ys]);
  });

  it('solves every method and noise type close to a fine fixed-step solve on the same path, counting every evaluation', async () => {
    const n = 200;
    const x0 = tf.ones([n, 2]);
    // Bounds: about 3× the measured error and 2× the measured steps (measured: euler diagonal 0.024 in 492 steps,
    // scalar 0.023 / 474, general 0.0049 / 89; milstein 0.0064 / 68; heun 0.012 / 68; srk 1.5e-4 / 91).
    const cases: { method: string; sde: Sde; bmShape: number[]; maxError: number; maxSteps: number }[] = [
      { method: 'euler', sde: gbm, bmShape: [n, 2], maxError: 0.07, maxSteps: 1000 },
      { method: 'euler', sde: { ...gbm, noise: 'scalar' }, bmShape: [n, 1], maxError: 0.07, maxSteps: 1000 },
      {
        method: 'euler',
        sde: {
          noise: 'general',
          brownianDim: 3,
          drift: (_t, x) => tf.neg(x),
          diffusion: (_t, x) => tf.mul(tf.ones([n, 2, 3]), tf.expandDims(tf.mul(x, 0.3), 2)),
        },
        bmShape: [n, 3],
        maxError: 0.015,
        maxSteps: 180,
      },
      { method: 'milstein', sde: gbm, bmShape: [n, 2], maxError: 0.02, maxSteps: 140 },
      { method: 'heun', sde: { ...gbm, kind: 'stratonovich' }, bmShape: [n, 2], maxError: 0.035, maxSteps: 140 },
      { method: 'srk', sde: windowed, bmShape: [n, 2], maxError: 5e-4, maxSteps: 180 },
    ];
    for (const { method, sde, bmShape, maxError, maxSteps } of cases) {
      const bm = new BrownianPath({ shape: bmShape, t0: 0, t1: 1, seed: 9 });
      const fine = await sdeint(sde, x0, [0, 1], { method, bm, stepSize: 2 ** -11 });
      const target = await fine.ys.slice(1, 1).data();
      const counting = countingSde(sde);
      const options = { method, bm, adaptive: true, rtol: 1e-3, atol: 1e-3 };
      const coarse = await sdeint(counting.sde, x0, [0, 1], options);
      const error = await meanAbsError(coarse.ys, target);
      expect(error, `${method}, ${sde.noise}`).toBeLessThan(maxError);
      expect(coarse.stats.accepted, `${method}, ${sde.noise}`).toBeLessThan(maxSteps);
      expect(coarse.stats.nfe, `${method}, ${sde.noise}`).toBe(counting.calls());
      tf.dispose([fine.ys, coarse.ys]);
    }
    x0.dispose();
  });
});

describe('dyadic steps', () => {
  it('steps by (t1 − t0)·2⁻ᵏ from multiples of the step and hits every output time exactly', async () => {
    const bm = new BrownianPath({ shape: [100, 1], t0: -1, t1: 3, seed: 1 });
    const x0 = tf.ones([100, 1]);
    const ts = [-1, 0, 0.625, 3];
    const { ys, ts: reached, attempts } = await recorded(gbm, x0, ts, { bm, firstStep: 0.3, rtol: 1e-2, atol: 1e-2 });
    expect(reached).toEqual(ts);
    expect(ys.shape).toEqual([4, 100, 1]);
    for (const { t, h } of attempts) {
      const k = Math.log2(4 / Math.abs(h));
      expect(k).toBe(Math.round(k));
      expect((t + 1) / h).toBe(Math.round((t + 1) / h));
    }
    // firstStep = 0.3 rounds down to 4·2⁻⁴ = 0.25.
    expect(attempts[0]?.h).toBe(0.25);
    const ends = new Set(attempts.filter((a) => a.accepted).map((a) => a.t + a.h));
    for (const t of ts.slice(1)) expect(ends.has(t)).toBe(true);
    tf.dispose([x0, ys]);
  });

  it('refuses output times that are not on the dyadic grid of the path', async () => {
    const bm = new BrownianPath({ shape: [4, 1], t0: 0, t1: 1, seed: 1, tolerance: 2 ** -10 });
    const x0 = tf.ones([4, 1]);
    await expect(sdeint(gbm, x0, [0, 0.3, 1], { bm, adaptive: true })).rejects.toThrow(/"ts\[1\]"/);
    // 2⁻¹⁰ is one leaf: step doubling needs multiples of two leaves.
    await expect(sdeint(gbm, x0, [0, 2 ** -10], { bm, adaptive: true })).rejects.toThrow(/"ts\[1\]"/);
    await expect(sdeint(gbm, x0, [0, 1.5], { bm, adaptive: true })).rejects.toThrow(/"ts\[1\]"/);
    const { ys } = await sdeint(gbm, x0, [0, 2 ** -9], { bm, adaptive: true });
    expect(ys.shape).toEqual([2, 4, 1]);
    tf.dispose([x0, ys]);
  });
});

describe('directions and rejections', () => {
  it('integrates backwards like forwards on the same path', async () => {
    const bm = new BrownianPath({ shape: [PATHS, 1], t0: 0, t1: 1, seed: 4 });
    const ou: Sde = { noise: 'additive', drift: (_t, x) => tf.neg(x), diffusion: (_t, x) => tf.fill(x.shape, 0.5) };
    const x1 = tf.ones([PATHS, 1]);
    const fine = await sdeint(ou, x1, [1, 0], { bm, stepSize: 2 ** -12 });
    const target = await fine.ys.slice(1, 1).data();
    const back = await recorded(ou, x1, [1, 0.5, 0], { bm, rtol: 1e-3, atol: 1e-3 });
    expect(back.ts).toEqual([1, 0.5, 0]);
    expect(back.attempts.every((a) => a.h < 0)).toBe(true);
    const error = await meanAbsError(back.ys, target);
    const coarse = await sdeint(ou, x1, [1, 0], { bm, stepSize: 2 ** -6 });
    const coarseError = await meanAbsError(coarse.ys, target);
    // Measured: 0.0205 in 37 accepted steps (11 rejected) against 0.0210 for 64 fixed steps of 2⁻⁶.
    expect(error).toBeLessThan(0.03);
    expect(error).toBeLessThan(1.1 * coarseError);
    expect(back.stats.accepted).toBeLessThan(64);
    coarse.ys.dispose();
    tf.dispose([x1, fine.ys, back.ys]);
  });

  it('rejects steps under a tight tolerance from a large first step and still reaches t1', async () => {
    const bm = new BrownianPath({ shape: [500, 1], t0: 0, t1: 1, seed: 2 });
    const x0 = tf.ones([500, 1]);
    const counting = countingSde(gbm);
    const { ys, ts, stats, attempts, status } = await recorded(counting.sde, x0, [0, 1], {
      bm,
      firstStep: 0.5,
      rtol: 1e-3,
      atol: 1e-3,
    });
    expect(status).toBe('success');
    expect(ts).toEqual([0, 1]);
    expect(stats.rejected).toBeGreaterThan(0);
    expect(attempts.length).toBe(stats.accepted + stats.rejected);
    expect(attempts[0]?.accepted).toBe(false);
    // Euler: f and g once at each accepted step's start (shared by the full step, the first half step and every
    // retry there; the first one by the initial shape check too), and at each attempt's midpoint.
    expect(stats.nfe).toBe(4 * stats.accepted + 2 * stats.rejected);
    expect(stats.nfe).toBe(counting.calls());
    // After each rejection h shrinks by the halvings that bring the predicted error (∝ h for Euler) to 0.9.
    const halvings: number[] = [];
    for (const [i, attempt] of attempts.entries()) {
      const next = attempts[i + 1];
      if (attempt.accepted || next === undefined) continue;
      expect(next.t).toBe(attempt.t);
      const k = Math.log2(attempt.h / next.h);
      expect(k).toBe(Math.max(1, Math.ceil(Math.log2(attempt.error / 0.9))));
      halvings.push(k);
    }
    expect(Math.max(...halvings)).toBeGreaterThan(1);
    expect(attempts.filter((a) => a.accepted).reduce((s, a) => s + a.h, 0)).toBeCloseTo(1, 12);
    tf.dispose([x0, ys]);
  });
});

describe('failures', () => {
  const bm = new BrownianPath({ shape: [50, 1], t0: 0, t1: 1, seed: 6, tolerance: 2 ** -6 });

  it('reports step-size underflow at the leaf width or minStep', async () => {
    const x0 = tf.ones([50, 1]);
    const error = await sdeint(gbm, x0, [0, 1], { bm, adaptive: true, rtol: 1e-7, atol: 1e-7 }).catch((e) => e);
    expect(NumericalError.isInstance(error) && error.reason).toBe('step-size-underflow');
    expect((error as NumericalError).t).toBe(0);
    const withMin = await sdeint(gbm, x0, [0, 1], {
      bm,
      adaptive: true,
      rtol: 1e-3,
      atol: 1e-3,
      firstStep: 0.25,
      minStep: 0.125,
      throwOnFailure: false,
    });
    expect(withMin.status).toBe('step-size-underflow');
    expect(withMin.ts).toEqual([0]);
    expect(withMin.stats.rejected).toBe(2); // 0.25 and 0.125 rejected, 0.0625 < minStep
    tf.dispose([x0, withMin.ys]);
  });

  it('reports max-steps with the part reached, and a non-finite state', async () => {
    const x0 = tf.ones([50, 1]);
    const fine = new BrownianPath({ shape: [50, 1], t0: 0, t1: 1, seed: 6 });
    const options: SdeOptions = { bm: fine, adaptive: true, firstStep: 2 ** -5, maxSteps: 12 };
    const error = await sdeint(gbm, x0, [0, 0.25, 1], options).catch((e) => e);
    expect(NumericalError.isInstance(error) && error.reason).toBe('max-steps');
    const partial = await sdeint(gbm, x0, [0, 0.25, 1], { ...options, throwOnFailure: false });
    expect(partial.status).toBe('max-steps');
    expect(partial.ts).toEqual([0, 0.25]);
    expect(partial.ys.shape).toEqual([2, 50, 1]);
    expect(partial.stats.accepted + partial.stats.rejected).toBe(12);
    const explode: Sde = { ...gbm, drift: (_t, x) => tf.mul(x, Number.POSITIVE_INFINITY) };
    const blown = await sdeint(explode, x0, [0, 1], { bm, adaptive: true, throwOnFailure: false });
    expect(blown.status).toBe('non-finite');
    await expect(sdeint(explode, x0, [0, 1], { bm, adaptive: true })).rejects.toThrow(NumericalError);
    tf.dispose([x0, partial.ys, blown.ys]);
  });

  it('names bad options', async () => {
    const x0 = tf.ones([50, 1]);
    const cases: [SdeOptions, string][] = [
      [{ adaptive: true }, 'options.bm'],
      [{ adaptive: true, bm: { shape: [50, 1], increment: () => tf.zeros([50, 1]) } }, 'options.bm'],
      [{ adaptive: true, bm, rtol: 0 }, 'options.rtol'],
      [{ adaptive: true, bm, atol: -1 }, 'options.atol'],
      [{ adaptive: true, bm, firstStep: 0.1, minStep: 0.2 }, 'options.minStep'],
      [{ adaptive: true, bm, minStep: Number.NaN }, 'options.minStep'],
      [{ adaptive: true, bm, firstStep: 0 }, 'options.firstStep'],
      [{ adaptive: true, bm, stepSize: 0.1 }, 'options.stepSize'],
      [{ bm, firstStep: 0.1 }, 'options.firstStep'],
      [{ bm, minStep: 0.1 }, 'options.minStep'],
      [{ adaptive: true, bm, maxSteps: 1.5 }, 'options.maxSteps'],
      [{ adaptive: 'yes' as unknown as boolean, bm }, 'options.adaptive'],
      [{ bm, rtol: 1e-3 }, 'options.rtol'],
      [{ adaptive: false, bm, maxSteps: 1.5 }, 'options.maxSteps'],
      [{ adaptive: false, bm, maxSteps: 10 }, 'options.stepSize'],
    ];
    for (const [options, parameter] of cases) {
      const error = await sdeint(gbm, x0, [0, 1], options).catch((e) => e);
      expect(InvalidArgumentError.isInstance(error), parameter).toBe(true);
      expect((error as InvalidArgumentError).parameter).toBe(parameter);
    }
    x0.dispose();
  });
});

describe('memory', () => {
  it('leaks no tensors, in success, rejection and failure', async () => {
    const bm = new BrownianPath({ shape: [50, 1], t0: 0, t1: 1, seed: 8 });
    const x0 = tf.ones([50, 1]);
    const ok = await expectNoLeaks(() =>
      sdeint(gbm, x0, [0, 0.5, 1], { bm, adaptive: true, firstStep: 0.5, rtol: 1e-3 }),
    );
    expect(ok.stats.rejected).toBeGreaterThan(0);
    const srk = await expectNoLeaks(() => sdeint(windowed, x0, [1, 0], { method: 'srk', bm, adaptive: true }));
    const failed = await expectNoLeaks(() =>
      sdeint(gbm, x0, [0, 1], { bm, adaptive: true, maxSteps: 3, throwOnFailure: false }),
    );
    const before = tf.memory().numTensors;
    await expect(sdeint(gbm, x0, [0, 1], { bm, adaptive: true, maxSteps: 3 })).rejects.toThrow(NumericalError);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x0, ok.ys, srk.ys, failed.ys]);
  });
});
