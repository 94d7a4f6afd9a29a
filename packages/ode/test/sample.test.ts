import {
  InvalidArgumentError,
  initBackend,
  randomNormal,
  ShapeError,
  StandardNormal,
  type VectorField,
} from '@gen/core';
import { expectClose, expectNoLeaks, expm, linearOdeProblem } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logProb, METHOD_NAMES, ODE_SAMPLERS, odeSolveOptions, type SamplingProblem, sample } from '../src/index.js';
import { A, X } from './support/linear-flow.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// u(t, x) = A·x: sampling from t = 1 to 0 maps z to x = e^{−A}·z exactly, so N(0, I) goes to N(0, e^{−A}e^{−Aᵀ}).

/** Runs `fn`, expecting a rejection of exactly `errorClass` naming `parameter`, and no leaked tensor. */
async function expectRejected(
  fn: () => Promise<unknown>,
  errorClass: typeof InvalidArgumentError,
  parameter: string,
): Promise<InvalidArgumentError> {
  const before = tf.memory().numTensors;
  const error = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(tf.memory().numTensors, 'tensors after the failure').toBe(before);
  expect(error).toBeInstanceOf(errorClass);
  expect((error as InvalidArgumentError).parameter).toBe(parameter);
  return error as InvalidArgumentError;
}

describe('sample', () => {
  const problem = linearOdeProblem(A, X);
  afterAll(() => problem.dispose());

  /**
   * The largest deviation from the exact map e^{−A}·z with each method's defaults (20 steps, or rtol = atol =
   * 1e-5), about 3× the measured (CPU backend): euler 1.1e-2, midpoint and heun 1.2e-4, rk4 7.4e-7, bosh3 1.2e-5,
   * dopri5 3.6e-7, tsit5 7.2e-7, dopri8 2.4e-7 (the last three at float32 rounding).
   */
  const TOLERANCE: Readonly<Record<string, number>> = {
    euler: 0.03,
    midpoint: 4e-4,
    heun: 4e-4,
    rk4: 3e-6,
    bosh3: 4e-5,
    dopri5: 2e-6,
    tsit5: 3e-6,
    dopri8: 2e-6,
  };

  it('has a row for every ODE method, and a tolerance here for each', () => {
    expect(Object.keys(ODE_SAMPLERS)).toEqual(METHOD_NAMES);
    expect(Object.keys(TOLERANCE)).toEqual(METHOD_NAMES);
  });

  for (const method of METHOD_NAMES) {
    it(`${method}: maps z to the exact e^{−A}·z with its defaults, counting ${ODE_SAMPLERS[method]?.adaptive ? 'adaptive steps' : '20 steps'}`, async () => {
      const z = tf.tensor2d(problem.solution(1));
      const { x, stats } = await expectNoLeaks(() => sample(problem.field, z, { method }));
      expectClose(await x.data(), X.flat(), { atol: TOLERANCE[method] as number }, `${method} x`);
      const info = ODE_SAMPLERS[method];
      if (info?.adaptive) expect(stats.accepted).toBeGreaterThan(1);
      else expect(stats.steps).toBe(20);
      tf.dispose([z, x]);
    });
  }

  it('takes exactly `steps` steps of a fixed-step method (rk4: 4 evaluations each)', async () => {
    const z = tf.tensor2d(problem.solution(1));
    const { x, stats } = await expectNoLeaks(() => sample(problem.field, z, { method: 'rk4', steps: 7 }));
    expect(stats).toEqual({ nfe: 28, steps: 7, accepted: 7, rejected: 0 });
    tf.dispose([z, x]);
  });

  it('tightens an adaptive method with rtol / atol: more steps, a smaller error', async () => {
    const z = tf.tensor2d(problem.solution(1));
    const loose = await sample(problem.field, z, { method: 'dopri5', rtol: 1e-3, atol: 1e-3 });
    const tight = await sample(problem.field, z, { method: 'dopri5', rtol: 1e-7, atol: 1e-7 });
    expect(tight.stats.accepted).toBeGreaterThan(loose.stats.accepted);
    expectClose(await tight.x.data(), X.flat(), { atol: 1e-5 }, 'x at 1e-7');
    tf.dispose([z, loose.x, tight.x]);
  });

  it('integrates from the prior at t = 1 back to data at t = 0 (inverting logProb’s z)', async () => {
    const x = tf.tensor2d(X);
    const { logp, z } = await logProb(problem.field, x, { rtol: 1e-7, atol: 1e-7 });
    const back = await expectNoLeaks(() => sample(problem.field, z, { rtol: 1e-7, atol: 1e-7 }));
    expectClose(await back.x.data(), X.flat(), { atol: 1e-4 }, 'x');
    tf.dispose([x, logp, z, back.x]);
  });

  it('runs over options.timeSpan: from t1 = 1 to t0 = 0.5 it applies e^{−A/2}', async () => {
    const z = tf.tensor2d(problem.solution(0.5));
    const { x } = await expectNoLeaks(() => sample(problem.field, z, { timeSpan: [0.5, 1], rtol: 1e-7, atol: 1e-7 }));
    expectClose(await x.data(), X.flat(), { atol: 1e-5 }, 'x');
    tf.dispose([z, x]);
  });

  it('uses a problem’s own field and time span', async () => {
    const target: SamplingProblem = {
      description: 'a test problem',
      field: problem.field,
      timeSpan: [0.5, 1],
      samplers: {},
    };
    const z = tf.tensor2d(problem.solution(0.5));
    const { x } = await sample(target, z, { method: 'rk4', steps: 40 });
    expectClose(await x.data(), X.flat(), { atol: 1e-5 }, 'x');
    tf.dispose([z, x]);
  });

  it('samples image-shaped z [N, H, W, C] and keeps its shape (u = −0.7·x: x = e^{0.7}·z)', async () => {
    const field: VectorField = (_t, x) => tf.mul(x, -0.7);
    const z = randomNormal([3, 4, 5, 2], 7);
    for (const options of [
      { method: 'rk4', steps: 10 },
      { method: 'dopri5', rtol: 1e-6, atol: 1e-6 },
    ]) {
      const { x } = await expectNoLeaks(() => sample(field, z, options));
      expect(x.shape).toEqual([3, 4, 5, 2]);
      const expected = Array.from(await z.data(), (v) => v * Math.exp(0.7));
      expectClose(await x.data(), expected, { atol: 1e-4, rtol: 1e-5 }, `${options.method} x`);
      x.dispose();
    }
    z.dispose();
  });

  it('draws n samples from the prior with a seed and has the model’s covariance', async () => {
    const prior = new StandardNormal(2);
    const { x } = await expectNoLeaks(() => sample(problem.field, 4000, { prior, seed: 3 }));
    const again = await sample(problem.field, 4000, { prior, seed: 3 });
    expect(Array.from(await x.data())).toEqual(Array.from(await again.x.data()));
    // Cov(x) = e^{−A} e^{−Aᵀ}.
    const inverse = expm(A.map((row) => row.map((v) => -v)));
    const cov = inverse.map((r) => inverse.map((c) => r.reduce((s, v, k) => s + v * (c[k] as number), 0)));
    const values = await x.data();
    let [saa, sab, sbb] = [0, 0, 0];
    for (let i = 0; i < 4000; i += 1) {
      const [a, b] = [values[2 * i] as number, values[2 * i + 1] as number];
      saa += (a * a) / 4000;
      sab += (a * b) / 4000;
      sbb += (b * b) / 4000;
    }
    const empirical = [saa, sab, sab, sbb];
    // Standard error of a covariance entry with n = 4000 is at most ~sqrt(2/4000)·max variance ≈ 0.03 here.
    expectClose(empirical, cov.flat(), { atol: 0.12 }, 'covariance');
    tf.dispose([x, again.x]);
  });

  it('refuses bad input with typed errors naming the parameter, leaking nothing', async () => {
    const z = tf.tensor2d(X);
    const prior = new StandardNormal(2);
    const unknown = await expectRejected(
      () => sample(problem.field, z, { method: 'ddim' }),
      InvalidArgumentError,
      'options.method',
    );
    for (const name of METHOD_NAMES) expect(unknown.message).toContain(`"${name}"`);
    await expectRejected(
      () => sample(problem.field, z, { method: 'dopri5', steps: 10 }),
      InvalidArgumentError,
      'options.steps',
    );
    await expectRejected(
      () => sample(problem.field, z, { method: 'rk4', rtol: 1e-3 }),
      InvalidArgumentError,
      'options.rtol',
    );
    await expectRejected(
      () => sample(problem.field, z, { method: 'euler', maxSteps: 9 }),
      InvalidArgumentError,
      'options.maxSteps',
    );
    await expectRejected(
      () => sample(problem.field, z, { method: 'rk4', steps: 0 }),
      InvalidArgumentError,
      'options.steps',
    );
    await expectRejected(
      () => sample(problem.field, z, { method: 'rk4', steps: 2e6 }),
      InvalidArgumentError,
      'options.steps',
    );
    await expectRejected(
      () => sample(problem.field, z, { settings: { eta: 1 } }),
      InvalidArgumentError,
      'options.settings.eta',
    );
    await expectRejected(
      () => sample(problem.field, z, { timeSpan: [1, 0] }),
      InvalidArgumentError,
      'options.timeSpan',
    );
    await expectRejected(() => sample(problem.field, z, { seed: -1 }), InvalidArgumentError, 'options.seed');
    await expectRejected(() => sample(problem.field, 10), InvalidArgumentError, 'options.prior');
    await expectRejected(() => sample(problem.field, 0, { prior }), InvalidArgumentError, 'nOrZ');
    const flat = tf.tensor1d([1, 2]);
    await expectRejected(() => sample(problem.field, flat), ShapeError, 'nOrZ');
    flat.dispose();
    await expectRejected(() => sample({} as SamplingProblem, z), InvalidArgumentError, 'target');
    const failing: VectorField = () => {
      throw new Error('model failed');
    };
    const before = tf.memory().numTensors;
    await expect(sample(failing, 4, { prior, method: 'rk4' })).rejects.toThrow('model failed');
    expect(tf.memory().numTensors).toBe(before);
    z.dispose();
  });
});

describe('odeSolveOptions', () => {
  it('turns steps into stepSize = span / steps for fixed-step methods, with no step budget', () => {
    expect(odeSolveOptions({ method: 'rk4', steps: 50 }, [0, 1])).toEqual({
      method: 'rk4',
      stepSize: 0.02,
      maxSteps: Number.MAX_SAFE_INTEGER,
    });
    expect(odeSolveOptions({ method: 'euler' }, [1e-3, 1])).toEqual({
      method: 'euler',
      stepSize: 0.999 / 20,
      maxSteps: Number.MAX_SAFE_INTEGER,
    });
  });

  it('passes rtol, atol and the step controls of adaptive methods through', () => {
    expect(odeSolveOptions({ method: 'tsit5', rtol: 1e-3, atol: 1e-4, maxSteps: 7 }, [0, 1])).toEqual({
      method: 'tsit5',
      rtol: 1e-3,
      atol: 1e-4,
      maxSteps: 7,
    });
    expect(odeSolveOptions({}, [0, 1])).toEqual({ method: 'dopri5' });
  });
});
