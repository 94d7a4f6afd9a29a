import { initBackend } from '@gen/core';
import { expectClose, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DiffusionProcess, SubVPSDE, VESDE, VPSDE } from '../../src/processes/index.js';
import { probabilityFlowLogProb } from '../../src/samplers/index.js';
import { gaussianModel, MU, marginalOf, PROCESSES, S } from '../support/gaussian-data.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('probabilityFlowLogProb', () => {
  // Points up to two standard deviations from μ.
  const POINTS = [
    [1, -2],
    [1.5, -2],
    [0.5, -1.5],
    [1.3, -2.6],
    [0.2, -2.3],
    [1.9, -1.2],
    [2, -3],
    [0, -1],
  ];
  const T0 = 1e-5;

  const logNormal = (x: readonly number[], mean: readonly number[], variance: number) =>
    x.reduce(
      (a, v, j) => a - (0.5 * (v - (mean[j] as number)) ** 2) / variance - 0.5 * Math.log(2 * Math.PI * variance),
      0,
    );

  /**
   * The model's exact density: the flow maps x to z = α_1·μ + √(v_1/v_0)·(x − α_0·μ) (at t0 = 1e-5), so
   * log p(x) = log N(z; 0, priorStd²·I) + (D/2)·log(v_1/v_0). It differs from the data density only by the prior
   * mismatch at t = 1 and the blur σ_t0.
   */
  function modelLogDensity(process: DiffusionProcess, priorStd: number, x: readonly number[]): number {
    const start = marginalOf(process, T0);
    const end = marginalOf(process, 1);
    const scale = Math.sqrt(end.variance / start.variance);
    const z = x.map((v, j) => end.alpha * (MU[j] as number) + scale * (v - start.alpha * (MU[j] as number)));
    return logNormal(z, [0, 0], priorStd ** 2) + Math.log(scale ** 2);
  }

  it.each(PROCESSES)(
    '$label: equals the closed-form density of the model (< 1e-3 nats)',
    async ({ process, priorStd }) => {
      const x = tf.tensor2d(POINTS);
      const { logp, stats } = await expectNoLeaks(() =>
        probabilityFlowLogProb(process, gaussianModel(process, 'score'), x, { tEnd: T0 }),
      );
      expect(logp.shape).toEqual([POINTS.length]);
      expect(stats.nfe).toBeGreaterThan(0);
      expectClose(
        await logp.data(),
        POINTS.map((p) => modelLogDensity(process, priorStd, p)),
        { atol: 1e-3 },
        'log p',
      );
      tf.dispose([x, logp]);
    },
  );

  it('VP and sub-VP: within 0.02 nats of the data density log N(x; μ, s²·I) near the mean', async () => {
    // Within 0.6 standard deviations the prior mismatch (α_1·μ ≠ 0) changes the density by < 0.01 nats.
    const near = [
      [1, -2],
      [1.3, -2],
      [1, -1.7],
      [0.7, -2],
      [1, -2.3],
      [1.2, -1.8],
      [0.8, -2.2],
    ];
    const x = tf.tensor2d(near);
    for (const process of [new VPSDE(), new SubVPSDE()]) {
      const { logp } = await probabilityFlowLogProb(process, gaussianModel(process, 'score'), x, { tEnd: T0 });
      expectClose(
        await logp.data(),
        near.map((p) => logNormal(p, MU, S ** 2)),
        { atol: 0.02 },
        process.name,
      );
      logp.dispose();
    }
    x.dispose();
  });

  it('gives the same density from a noise model', async () => {
    const process = new VESDE();
    const x = tf.tensor2d(POINTS);
    const fromScore = await probabilityFlowLogProb(process, gaussianModel(process, 'score'), x);
    const fromNoise = await probabilityFlowLogProb(process, gaussianModel(process, 'noise'), x, {
      prediction: 'noise',
    });
    expectClose(await fromNoise.logp.data(), await fromScore.logp.data(), { atol: 1e-4 }, 'log p (ε-model)');
    tf.dispose([x, fromScore.logp, fromNoise.logp]);
  });
});
