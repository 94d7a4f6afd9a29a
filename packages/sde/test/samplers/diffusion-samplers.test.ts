import { deriveSeed, InvalidArgumentError, initBackend, randomNormal } from '@gen/core';
import { expectClose, expectNoLeaks } from '@gen/core/testing';
import { METHOD_NAMES } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { VPSDE } from '../../src/processes/index.js';
import type { ModelPrediction } from '../../src/samplers/index.js';
import {
  type DiffusionRunOptions,
  exactFlowMap,
  expectMarginal,
  gaussianModel,
  PROCESSES,
  sampleDiffusion,
  T_END,
} from '../support/gaussian-data.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const N = 4000;

/**
 * Every diffusion sampler with the settings used here, its model evaluations, and its discretisation bias budget.
 * The budgets round up the biases measured with n = 100 000 (standard error of var/v: 0.45 %) over VP, sub-VP and
 * VE: var/v − 1 was within ±0.3 % (Euler–Maruyama 500), +1.9…+2.8 % (PC, reverse diffusion), +1.8…+3.3 % (PC,
 * Euler–Maruyama + 2 Langevin), −2.0…−2.9 % (DDIM η = 0), −2.0…−3.6 % (DDIM η = 1), +0.6…+1.7 % (DPM-Solver++
 * 2M) and ±0.15 % (probability flow); the mean, past the prior shift, within 0.0045.
 */
const CASES: readonly {
  label: string;
  options: DiffusionRunOptions;
  nfe: number | undefined;
  bias: { mean: number; variance: number };
}[] = [
  {
    label: 'reverse-sde (Euler–Maruyama, 500 steps)',
    options: { method: 'reverse-sde', steps: 500 },
    nfe: 500,
    bias: { mean: 0.005, variance: 0.01 },
  },
  {
    label: 'pc (reverse diffusion + Langevin, 200 steps)',
    options: { method: 'pc', steps: 200 },
    nfe: 400,
    bias: { mean: 0.005, variance: 0.04 },
  },
  {
    label: 'pc (Euler–Maruyama + 2 Langevin, 200 steps, ε-model)',
    options: {
      method: 'pc',
      steps: 200,
      prediction: 'noise',
      settings: { predictor: 'euler-maruyama', correctorSteps: 2 },
    },
    nfe: 600,
    bias: { mean: 0.005, variance: 0.04 },
  },
  {
    label: 'ddim (η = 0, 200 steps, ε-model)',
    options: { method: 'ddim', steps: 200, prediction: 'noise' },
    nfe: 200,
    bias: { mean: 0.005, variance: 0.04 },
  },
  {
    label: 'ddim (η = 1, 400 steps, ε-model)',
    options: { method: 'ddim', steps: 400, prediction: 'noise', settings: { eta: 1 } },
    nfe: 400,
    bias: { mean: 0.005, variance: 0.04 },
  },
  {
    label: 'dpm-solver++ (40 steps, ε-model)',
    options: { method: 'dpm-solver++', steps: 40, prediction: 'noise' },
    nfe: 40,
    bias: { mean: 0.005, variance: 0.025 },
  },
  {
    label: 'probability flow (dopri5, rtol = atol = 1e-5)',
    options: { method: 'dopri5' },
    nfe: undefined,
    bias: { mean: 0.005, variance: 0.01 },
  },
];

/**
 * The largest deviation allowed from the exact probability-flow map x_1 ↦ x_tEnd (200 points, ε-model), per
 * process, for every ODE method at its defaults (20 steps, or rtol = atol = 1e-5) and the deterministic diffusion
 * samplers: about 3× the measured for the ODE methods, the earlier bounds for DPM-Solver++ and DDIM (CPU backend). Measured VP / sub-VP / VE: euler 0.055 / 0.094 / 1.26, midpoint
 * 0.0041 / 0.0049 / 0.33, heun 0.014 / 0.0075 / 0.27, rk4 2.8e-5 / 1.4e-5 / 2.2e-3, the adaptive methods ≤ 1.6e-4,
 * dpm-solver++ (40 steps) 0.0058 / 0.012 / 0.0069, ddim (η = 0, 200 steps) 0.023 / 0.021 / 0.017. VE's 20 fixed
 * steps are coarse for its σ from 50 down to 0.01.
 */
const FLOW_MAP_CASES: readonly { label: string; options: DiffusionRunOptions; atol: Record<string, number> }[] = [
  { label: 'euler', options: { method: 'euler' }, atol: { VP: 0.2, 'sub-VP': 0.3, VE: 4 } },
  { label: 'midpoint', options: { method: 'midpoint' }, atol: { VP: 0.015, 'sub-VP': 0.015, VE: 1 } },
  { label: 'heun', options: { method: 'heun' }, atol: { VP: 0.05, 'sub-VP': 0.03, VE: 1 } },
  { label: 'rk4', options: { method: 'rk4' }, atol: { VP: 1e-4, 'sub-VP': 1e-4, VE: 7e-3 } },
  ...['bosh3', 'dopri5', 'tsit5', 'dopri8'].map((method) => ({
    label: method,
    options: { method },
    atol: { VP: 5e-4, 'sub-VP': 5e-4, VE: 5e-4 },
  })),
  {
    label: 'dpm-solver++ (40 steps)',
    options: { method: 'dpm-solver++', steps: 40 },
    atol: { VP: 2e-2, 'sub-VP': 2e-2, VE: 2e-2 },
  },
  {
    label: 'ddim (η = 0, 200 steps)',
    options: { method: 'ddim', steps: 200 },
    atol: { VP: 4e-2, 'sub-VP': 4e-2, VE: 4e-2 },
  },
];

describe.each(PROCESSES)('$label with Gaussian data N([1, −2], 0.25·I)', ({ label: processLabel, process }) => {
  it.each(CASES)('$label recovers the mean and variance (n = 4000)', async ({ options, nfe, bias }) => {
    const model = gaussianModel(process, (options.prediction ?? 'score') as ModelPrediction);
    const result = await expectNoLeaks(() => sampleDiffusion(process, model, N, { seed: 7, ...options }));
    expect(result.x.shape).toEqual([N, 2]);
    if (nfe !== undefined) expect(result.stats.nfe).toBe(nfe);
    else expect(result.stats.nfe).toBeGreaterThan(0);
    await expectMarginal(result.x, process, bias);
    result.x.dispose();
  });

  it('lists every ODE method among the flow-map cases', () => {
    for (const method of METHOD_NAMES) expect(FLOW_MAP_CASES.map((c) => c.label)).toContain(method);
  });

  it('every ODE method and the deterministic samplers follow the exact probability-flow map x_1 ↦ x_tEnd', async () => {
    const xT = process.priorSample([200, 2], 3);
    const exact = exactFlowMap(process, xT, T_END);
    for (const { label, options, atol } of FLOW_MAP_CASES) {
      const { x } = await expectNoLeaks(() =>
        sampleDiffusion(process, gaussianModel(process, 'noise'), xT, { ...options, prediction: 'noise' }),
      );
      expectClose(await x.data(), await exact.data(), { atol: atol[processLabel] as number }, label);
      x.dispose();
    }
    expect(xT.isDisposed).toBe(false);
    tf.dispose([xT, exact]);
  });
});

describe('diffusion samplers on images', () => {
  it.each(['reverse-sde', 'pc', 'ddim', 'dpm-solver++', 'rk4'])(
    '%s samples z of shape [N, H, W, C] and keeps it',
    async (method) => {
      // Images of 2-channel pixels, each pixel the Gaussian N([1, −2], 0.25·I): the model acts on the last axis.
      const process = new VPSDE();
      const z = randomNormal([2, 3, 4, 2], 5);
      const { x, stats } = await expectNoLeaks(() =>
        sampleDiffusion(process, gaussianModel(process, 'noise'), z, { method, steps: 10, prediction: 'noise' }),
      );
      expect(x.shape).toEqual([2, 3, 4, 2]);
      expect(stats.steps).toBe(10);
      // Deterministic samplers match the exact flow map pixel by pixel; all land near the data's mean.
      if (method === 'dpm-solver++' || method === 'rk4') {
        const exact = exactFlowMap(process, z, T_END);
        expectClose(await x.data(), await exact.data(), { atol: 0.05 }, method);
        exact.dispose();
      }
      tf.dispose([x, z]);
    },
  );
});

describe('image batches', () => {
  it('run every diffusion sampler exactly as on the same samples flattened to [N, H·W·C]', async () => {
    // An elementwise model (the exact score of N(0, s²) data), so flattening changes nothing but the shape; the
    // Langevin step size of pc takes each sample's norm over all its entries.
    const process = new VPSDE();
    const score = (t: number, x: tf.Tensor) => {
      const { mean, std } = process.marginal(t);
      return tf.mul(x, -1 / (mean ** 2 * 0.25 + std ** 2));
    };
    const images = randomNormal([3, 4, 5, 2], 9);
    const flat = tf.reshape(images, [3, 40]);
    for (const method of ['reverse-sde', 'pc', 'ddim', 'dpm-solver++']) {
      const options = { method, steps: 6, seed: 4, settings: method === 'ddim' ? { eta: 1 } : {} };
      const fromImages = await expectNoLeaks(() => sampleDiffusion(process, score, images, options));
      const fromFlat = await sampleDiffusion(process, score, flat, options);
      expect(fromImages.x.shape).toEqual([3, 4, 5, 2]);
      expectClose(await fromImages.x.data(), await fromFlat.x.data(), { atol: 1e-5 }, method);
      tf.dispose([fromImages.x, fromFlat.x]);
    }
    tf.dispose([images, flat]);
  });
});

describe('sampler consistency', () => {
  const process = new VPSDE();
  const scoreModel = gaussianModel(process, 'score');

  it('refuses a step count above 1e6 up front, before building its time grid (issue 12: 1e9 ran out of memory)', async () => {
    let calls = 0;
    const counted = (t: number, x: tf.Tensor) => {
      calls += 1;
      return scoreModel(t, x);
    };
    for (const method of ['reverse-sde', 'pc', 'ddim', 'dpm-solver++']) {
      await expectNoLeaks(async () => {
        await expect(sampleDiffusion(process, counted, 4, { method, steps: 1e9 })).rejects.toSatisfy(
          (e) => InvalidArgumentError.isInstance(e) && (e as Error).message.includes('"options.steps"'),
        );
      });
    }
    expect(calls).toBe(0);
  });

  it('score and noise models give the same samples (score = −ε/σ_t)', async () => {
    for (const method of ['reverse-sde', 'dpm-solver++']) {
      const options = { method, steps: 50, seed: 3 };
      const fromScore = await sampleDiffusion(process, scoreModel, 100, options);
      const fromNoise = await sampleDiffusion(process, gaussianModel(process, 'noise'), 100, {
        ...options,
        prediction: 'noise',
      });
      expectClose(await fromNoise.x.data(), await fromScore.x.data(), { atol: 1e-4 }, method);
      tf.dispose([fromScore.x, fromNoise.x]);
    }
  });

  it('the same seed reproduces the samples, another seed changes them', async () => {
    const z = randomNormal([50, 2], 1);
    const options = { method: 'reverse-sde', steps: 20, seed: 11 };
    const first = await sampleDiffusion(process, scoreModel, z, options);
    const again = await sampleDiffusion(process, scoreModel, z, options);
    const other = await sampleDiffusion(process, scoreModel, z, { ...options, seed: 12 });
    expectClose(await again.x.data(), await first.x.data(), { atol: 0 }, 'same seed');
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(other.x, first.x))).dataSync()[0] as number);
    expect(difference).toBeGreaterThan(0.1);
    tf.dispose([z, first.x, again.x, other.x]);
  });

  it('denoise drops exactly the last step’s noise g(t)·√h·randomNormal([N, D], deriveSeed(seed, K))', async () => {
    const steps = 4;
    const options = { method: 'reverse-sde', steps, seed: 5 };
    const clean = await sampleDiffusion(process, scoreModel, 50, options);
    const noisy = await sampleDiffusion(process, scoreModel, 50, { ...options, settings: { denoise: false } });
    const t = 1 - ((1 - T_END) * (steps - 1)) / steps;
    const expected = tf.tidy(() =>
      tf.add(clean.x, tf.mul(randomNormal([50, 2], deriveSeed(5, steps)), process.diffusion(t) * Math.sqrt(t - T_END))),
    );
    expectClose(await noisy.x.data(), await expected.data(), { atol: 1e-5 }, 'x without denoising');
    tf.dispose([clean.x, noisy.x, expected]);
  });

  it('predictor–corrector with the Euler–Maruyama predictor and no corrector is reverse-sde', async () => {
    const options = { steps: 30, seed: 9 };
    const pc = await sampleDiffusion(process, scoreModel, 50, {
      ...options,
      method: 'pc',
      settings: { predictor: 'euler-maruyama', correctorSteps: 0 },
    });
    const em = await sampleDiffusion(process, scoreModel, 50, { ...options, method: 'reverse-sde' });
    expect(pc.stats).toEqual({ nfe: 30, steps: 30, accepted: 30, rejected: 0 });
    expectClose(await pc.x.data(), await em.x.data(), { atol: 0 }, 'PC(EM, 0 correctors)');
    tf.dispose([pc.x, em.x]);
  });

  it('runs over options.timeSpan: DPM-Solver++ from t1 = 0.5 to t0 = 0.1 follows the exact flow map between them', async () => {
    const noise = gaussianModel(process, 'noise');
    const z = randomNormal([100, 2], 2);
    const { x } = await sampleDiffusion(process, noise, z, {
      method: 'dpm-solver++',
      steps: 30,
      timeSpan: [0.1, 0.5],
      prediction: 'noise',
    });
    // Offsets from α_t·μ scale with √v_t between any two times.
    const [a, b] = [0.1, 0.5].map((t) => {
      const { mean, std } = process.marginal(t);
      return { alpha: mean, variance: mean ** 2 * 0.25 + std ** 2 };
    }) as [{ alpha: number; variance: number }, { alpha: number; variance: number }];
    const exact = tf.tidy(() => {
      const mu = tf.tensor1d([1, -2]);
      return tf.add(tf.mul(mu, a.alpha), tf.mul(tf.sub(z, tf.mul(mu, b.alpha)), Math.sqrt(a.variance / b.variance)));
    });
    expectClose(await x.data(), await exact.data(), { atol: 1e-3 }, 'x at t = 0.1');
    tf.dispose([z, x, exact]);
  });
});
