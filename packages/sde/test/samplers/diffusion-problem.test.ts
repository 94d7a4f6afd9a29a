import { InvalidArgumentError, initBackend, NumericalError, ShapeError } from '@gen/core';
import { expectClose, expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import { sample } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DiffusionProcess, VPSDE } from '../../src/processes/index.js';
import { type DiffusionModel, diffusionProblem, type ModelPrediction } from '../../src/samplers/index.js';
import { gaussianModel, T_END } from '../support/gaussian-data.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Asserts that the call rejects with a typed error naming `parameter` and leaves no tensor behind. */
async function expectRejected(
  call: () => Promise<unknown>,
  errorClass: typeof InvalidArgumentError,
  parameter: string,
): Promise<void> {
  const before = tf.memory().numTensors;
  const error = await call().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expectInvalidArgument(
    () => {
      throw error;
    },
    errorClass,
    parameter,
  );
  expect(tf.memory().numTensors).toBe(before);
}

describe('diffusionProblem', () => {
  const process = new VPSDE();
  const model = gaussianModel(process, 'score');

  it('is the probability flow of the model on [tEnd, 1], offering the diffusion samplers', async () => {
    const problem = diffusionProblem(process, gaussianModel(process, 'noise'), { prediction: 'noise', tEnd: 0.01 });
    expect(problem.timeSpan).toEqual([0.01, 1]);
    expect(Object.keys(problem.samplers)).toEqual(['reverse-sde', 'pc', 'ddim', 'dpm-solver++']);
    expect(problem.description).toBe('a vp diffusion model (noise prediction)');
    // u(t, x) = f(t)·x − ½g(t)²·score with score = −ε̂/σ_t.
    const x = tf.tensor2d([[0.3, -1]]);
    const t = 0.4;
    const u = await expectNoLeaks(() => problem.field(t, x));
    const score = model(t, x);
    const expected = tf.tidy(() => tf.sub(process.drift(t, x), tf.mul(score, 0.5 * process.diffusion(t) ** 2)));
    expectClose(await u.data(), await expected.data(), { atol: 1e-6 }, 'u(t, x)');
    tf.dispose([x, u, score, expected]);
  });

  it('rejects a bad process, model, prediction or tEnd, naming it', () => {
    expectInvalidArgument(() => diffusionProblem({} as DiffusionProcess, model), InvalidArgumentError, 'process');
    expectInvalidArgument(
      () => diffusionProblem(process, 'model' as unknown as DiffusionModel),
      InvalidArgumentError,
      'model',
    );
    expectInvalidArgument(
      () => diffusionProblem(process, model, { prediction: 'velocity' as ModelPrediction }),
      InvalidArgumentError,
      'options.prediction',
    );
    expectInvalidArgument(() => diffusionProblem(process, model, { tEnd: 0 }), InvalidArgumentError, 'options.tEnd');
    expectInvalidArgument(() => diffusionProblem(process, model, { tEnd: 1 }), InvalidArgumentError, 'options.tEnd');
  });

  it('rejects bad shared options through sample, naming them, leaking nothing', async () => {
    const problem = diffusionProblem(process, model, { tEnd: T_END });
    const z = tf.zeros([4, 2]);
    const flat = tf.zeros([4]);
    await expectRejected(() => sample(problem, z, { method: 'ddpm' }), InvalidArgumentError, 'options.method');
    await expectRejected(() => sample(problem, 0, { prior: process.prior(2) }), InvalidArgumentError, 'nOrZ');
    await expectRejected(() => sample(problem, flat, { method: 'ddim' }), ShapeError, 'nOrZ');
    await expectRejected(() => sample(problem, z, { method: 'ddim', steps: 0 }), InvalidArgumentError, 'options.steps');
    await expectRejected(
      () => sample(problem, z, { method: 'ddim', rtol: 1e-3 }),
      InvalidArgumentError,
      'options.rtol',
    );
    await expectRejected(() => sample(problem, z, { method: 'ddim', seed: -1 }), InvalidArgumentError, 'options.seed');
    await expectRejected(
      () => sample(problem, z, { method: 'pc', timeSpan: [0, 1] }),
      InvalidArgumentError,
      'options.timeSpan',
    );
    await expectRejected(
      () => sample(problem, z, { method: 'reverse-sde', timeSpan: [0.1, 2] }),
      InvalidArgumentError,
      'options.timeSpan',
    );
    await expectRejected(
      () => sample(problem, z, { method: 'dpm-solver++', settings: { eta: 1 } }),
      InvalidArgumentError,
      'options.settings.eta',
    );
    expect(z.isDisposed).toBe(false);
    tf.dispose([z, flat]);
  });

  it('rejects bad sampler settings, naming them', async () => {
    const problem = diffusionProblem(process, model);
    const z = tf.zeros([4, 2]);
    const cases: [string, Record<string, unknown>, string][] = [
      ['reverse-sde', { denoise: 'yes' }, 'options.settings.denoise'],
      ['pc', { snr: 0 }, 'options.settings.snr'],
      ['pc', { correctorSteps: -1 }, 'options.settings.correctorSteps'],
      ['pc', { predictor: 'heun' }, 'options.settings.predictor'],
      ['pc', { denoise: 1 }, 'options.settings.denoise'],
      ['ddim', { eta: 1.5 }, 'options.settings.eta'],
      ['ddim', { eta: -0.1 }, 'options.settings.eta'],
      ['ddim', { snr: 1 }, 'options.settings.snr'],
    ];
    for (const [method, settings, parameter] of cases) {
      await expectRejected(() => sample(problem, z, { method, settings }), InvalidArgumentError, parameter);
    }
    z.dispose();
  });

  it('rejects a model whose output is not shaped like its input, without leaking', async () => {
    const wrong: DiffusionModel = () => tf.zeros([3]);
    const problem = diffusionProblem(process, wrong);
    for (const method of ['reverse-sde', 'pc', 'ddim', 'dpm-solver++', 'dopri5']) {
      await expectRejected(() => sample(problem, 4, { method, prior: process.prior(2) }), ShapeError, 'model');
    }
  });

  it('ends in a NumericalError, not NaN samples, when the model returns NaN, leaking nothing', async () => {
    const problem = diffusionProblem(process, (_t, x) => tf.mul(x, Number.NaN));
    for (const method of ['reverse-sde', 'pc', 'ddim', 'dpm-solver++']) {
      const before = tf.memory().numTensors;
      const error = await sample(problem, 4, { method, steps: 3, prior: process.prior(2) }).catch((e: unknown) => e);
      expect(NumericalError.isInstance(error), method).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
