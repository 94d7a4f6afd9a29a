import { deriveSeed, InvalidArgumentError, initBackend, randomNormal, ShapeError } from '@gen/core';
import { expectClose, expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DiffusionProcess, SubVPSDE, VESDE, VPSDE } from '../src/processes/index.js';
import {
  type DiffusionModel,
  ddimSampler,
  dpmSolverPlusPlus2M,
  type ModelPrediction,
  predictorCorrectorSampler,
  probabilityFlowLogProb,
  probabilityFlowSampler,
  reverseSdeSampler,
  type SamplerOptions,
  type SamplerResult,
} from '../src/samplers/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// Data N(μ, s²·I) in D = 2: the marginal at t is N(α_t·μ, v_t·I) with v_t = α_t²·s² + σ_t², so the exact score is
// −(x − α_t·μ)/v_t and the exact noise ε = −σ_t·score.
const MU = [1, -2];
const S = 0.5;
const N = 4000;
const T_END = 1e-3;

const PROCESSES: readonly { label: string; process: DiffusionProcess; priorStd: number }[] = [
  { label: 'VP', process: new VPSDE(), priorStd: 1 },
  { label: 'sub-VP', process: new SubVPSDE(), priorStd: 1 },
  { label: 'VE', process: new VESDE(), priorStd: 50 },
];

/** α_t and v_t = α_t²·s² + σ_t² of the data's marginal at t. */
function marginalOf(process: DiffusionProcess, t: number): { alpha: number; variance: number } {
  const { mean, std } = process.marginal(t);
  return { alpha: mean, variance: mean ** 2 * S ** 2 + std ** 2 };
}

/** The exact model of Gaussian data, predicting the score or the noise. */
function gaussianModel(process: DiffusionProcess, prediction: ModelPrediction): DiffusionModel {
  return (t, x) =>
    tf.tidy(() => {
      const { alpha, variance } = marginalOf(process, t);
      const score = tf.div(tf.sub(x, tf.mul(tf.tensor1d(MU), alpha)), -variance);
      return prediction === 'score' ? score : tf.mul(score, -process.marginal(t).std);
    });
}

/**
 * The exact probability-flow map from x_1 to x_tEnd for Gaussian data: each coordinate's offset from α_t·μ scales
 * with √v_t, so x_tEnd = α_e·μ + √(v_e/v_1)·(x_1 − α_1·μ).
 */
function exactFlowMap(process: DiffusionProcess, x1: tf.Tensor, tEnd: number): tf.Tensor {
  const end = marginalOf(process, tEnd);
  const start = marginalOf(process, 1);
  return tf.tidy(() =>
    tf.add(
      tf.mul(tf.tensor1d(MU), end.alpha),
      tf.mul(tf.sub(x1, tf.mul(tf.tensor1d(MU), start.alpha)), Math.sqrt(end.variance / start.variance)),
    ),
  );
}

/**
 * The largest shift of the final mean caused by the prior's mean 0 instead of α_1·μ, carried by the
 * probability-flow map (the reverse SDE contracts it further): max_j |α_1·μ_j|·√(v_e/v_1). It is 0.0066 for VP
 * and sub-VP and 0.02 for VE (σ_max = 50).
 */
function priorMeanShift(process: DiffusionProcess): number {
  const end = marginalOf(process, T_END);
  const start = marginalOf(process, 1);
  return Math.max(...MU.map((m) => Math.abs(start.alpha * m))) * Math.sqrt(end.variance / start.variance);
}

/** Per-coordinate sample mean and unbiased variance of [n, 2] samples. */
async function moments(x: tf.Tensor): Promise<{ mean: number[]; variance: number[] }> {
  const rows = (await x.array()) as number[][];
  const n = rows.length;
  const mean = MU.map((_, j) => rows.reduce((a, r) => a + (r[j] as number), 0) / n);
  const variance = MU.map(
    (_, j) => rows.reduce((a, r) => a + ((r[j] as number) - (mean[j] as number)) ** 2, 0) / (n - 1),
  );
  return { mean, variance };
}

/**
 * Asserts that samples match the data's marginal at tEnd: per coordinate, |mean − α_e·μ| ≤ 4·√(v_e/n) + bias.mean +
 * prior shift, and |var/v_e − 1| ≤ 4·√(2/(n − 1)) + bias.variance (4 standard errors plus the discretisation bias
 * measured with n = 100 000).
 */
async function expectMarginal(
  x: tf.Tensor,
  process: DiffusionProcess,
  bias: { mean: number; variance: number },
): Promise<void> {
  const n = x.shape[0] as number;
  const { alpha, variance } = marginalOf(process, T_END);
  const sample = await moments(x);
  const meanTolerance = 4 * Math.sqrt(variance / n) + bias.mean + priorMeanShift(process);
  const varianceTolerance = 4 * Math.sqrt(2 / (n - 1)) + bias.variance;
  for (const [j, m] of MU.entries()) {
    expect(Math.abs((sample.mean[j] as number) - alpha * m), `mean[${j}]`).toBeLessThan(meanTolerance);
    expect(Math.abs((sample.variance[j] as number) / variance - 1), `variance[${j}]`).toBeLessThan(varianceTolerance);
  }
}

type Sampler = (process: DiffusionProcess, model: DiffusionModel, options: SamplerOptions) => Promise<SamplerResult>;

/**
 * Every sampler with the settings used here, its model evaluations, and its discretisation bias budget. The
 * budgets round up the biases measured with n = 100 000 (standard error of var/v: 0.45 %) over VP, sub-VP and VE:
 * var/v − 1 was within ±0.3 % (Euler–Maruyama 500), +1.9…+2.8 % (PC, reverse diffusion), +1.8…+3.3 % (PC,
 * Euler–Maruyama + 2 Langevin), −2.0…−2.9 % (DDIM η = 0), −2.0…−3.6 % (DDIM η = 1), +0.6…+1.7 % (DPM-Solver++
 * 2M) and ±0.15 % (probability flow); the mean, past the prior shift, within 0.0045.
 */
const SAMPLERS: readonly {
  label: string;
  run: Sampler;
  prediction: ModelPrediction;
  nfe: number | undefined;
  bias: { mean: number; variance: number };
}[] = [
  {
    label: 'reverseSdeSampler (Euler–Maruyama, 500 steps)',
    run: (p, m, o) => reverseSdeSampler(p, m, { ...o, steps: 500 }),
    prediction: 'score',
    nfe: 500,
    bias: { mean: 0.005, variance: 0.01 },
  },
  {
    label: 'predictorCorrectorSampler (reverse diffusion + Langevin, 200 steps)',
    run: (p, m, o) => predictorCorrectorSampler(p, m, { ...o, steps: 200 }),
    prediction: 'score',
    nfe: 400,
    bias: { mean: 0.005, variance: 0.04 },
  },
  {
    label: 'predictorCorrectorSampler (Euler–Maruyama + 2 Langevin, 200 steps, ε-model)',
    run: (p, m, o) =>
      predictorCorrectorSampler(p, m, { ...o, steps: 200, predictor: 'euler-maruyama', correctorSteps: 2 }),
    prediction: 'noise',
    nfe: 600,
    bias: { mean: 0.005, variance: 0.04 },
  },
  {
    label: 'ddimSampler (η = 0, 200 steps, ε-model)',
    run: (p, m, o) => ddimSampler(p, m, { ...o, steps: 200 }),
    prediction: 'noise',
    nfe: 200,
    bias: { mean: 0.005, variance: 0.04 },
  },
  {
    label: 'ddimSampler (η = 1, 400 steps, ε-model)',
    run: (p, m, o) => ddimSampler(p, m, { ...o, steps: 400, eta: 1 }),
    prediction: 'noise',
    nfe: 400,
    bias: { mean: 0.005, variance: 0.04 },
  },
  {
    label: 'dpmSolverPlusPlus2M (40 steps, ε-model)',
    run: (p, m, o) => dpmSolverPlusPlus2M(p, m, { ...o, steps: 40 }),
    prediction: 'noise',
    nfe: 40,
    bias: { mean: 0.005, variance: 0.025 },
  },
  {
    label: 'probabilityFlowSampler (dopri5, rtol = atol = 1e-5)',
    run: (p, m, o) => probabilityFlowSampler(p, m, o),
    prediction: 'score',
    nfe: undefined,
    bias: { mean: 0.005, variance: 0.01 },
  },
];

describe.each(PROCESSES)('$label with Gaussian data N([1, −2], 0.25·I)', ({ process }) => {
  it.each(SAMPLERS)('$label recovers the mean and variance (n = 4000)', async ({ run, prediction, nfe, bias }) => {
    const model = gaussianModel(process, prediction);
    const result = await expectNoLeaks(() => run(process, model, { n: N, dim: 2, seed: 7, prediction }));
    expect(result.x.shape).toEqual([N, 2]);
    if (nfe !== undefined) expect(result.nfe).toBe(nfe);
    else expect(result.nfe).toBeGreaterThan(0);
    await expectMarginal(result.x, process, bias);
    result.x.dispose();
  });

  it('deterministic samplers follow the exact probability-flow map x_1 ↦ x_tEnd pointwise', async () => {
    const xT = process.priorSample([200, 2], 3);
    const exact = exactFlowMap(process, xT, T_END);
    const runs: [string, Sampler, number][] = [
      ['probabilityFlowSampler', (p, m, o) => probabilityFlowSampler(p, m, o), 2e-4],
      ['dpmSolverPlusPlus2M (40 steps)', (p, m, o) => dpmSolverPlusPlus2M(p, m, { ...o, steps: 40 }), 2e-2],
      ['ddimSampler (η = 0, 200 steps)', (p, m, o) => ddimSampler(p, m, { ...o, steps: 200 }), 4e-2],
    ];
    for (const [label, sampler, atol] of runs) {
      const { x } = await expectNoLeaks(() =>
        sampler(process, gaussianModel(process, 'noise'), { xT, prediction: 'noise' }),
      );
      expectClose(await x.data(), await exact.data(), { atol }, label);
      x.dispose();
    }
    expect(xT.isDisposed).toBe(false);
    tf.dispose([xT, exact]);
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
    for (const sampler of [reverseSdeSampler, predictorCorrectorSampler, ddimSampler, dpmSolverPlusPlus2M] as const) {
      await expectNoLeaks(async () => {
        await expect(sampler(process, counted, { n: 4, dim: 2, steps: 1e9 })).rejects.toSatisfy(
          (e) => InvalidArgumentError.isInstance(e) && (e as Error).message.includes('"options.steps"'),
        );
      });
    }
    expect(calls).toBe(0);
  });

  it('score and noise models give the same samples (score = −ε/σ_t)', async () => {
    for (const sampler of [reverseSdeSampler, dpmSolverPlusPlus2M] as const) {
      const options = { n: 100, dim: 2, steps: 50, seed: 3 };
      const fromScore = await sampler(process, scoreModel, options);
      const fromNoise = await sampler(process, gaussianModel(process, 'noise'), { ...options, prediction: 'noise' });
      expectClose(await fromNoise.x.data(), await fromScore.x.data(), { atol: 1e-4 }, sampler.name);
      tf.dispose([fromScore.x, fromNoise.x]);
    }
  });

  it('the same seed reproduces the samples, another seed changes them', async () => {
    const options = { n: 50, dim: 2, steps: 20, seed: 11 };
    const first = await reverseSdeSampler(process, scoreModel, options);
    const again = await reverseSdeSampler(process, scoreModel, options);
    const other = await reverseSdeSampler(process, scoreModel, { ...options, seed: 12 });
    expectClose(await again.x.data(), await first.x.data(), { atol: 0 }, 'same seed');
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(other.x, first.x))).dataSync()[0] as number);
    expect(difference).toBeGreaterThan(0.1);
    tf.dispose([first.x, again.x, other.x]);
  });

  it('denoise drops exactly the last step’s noise g(t)·√h·randomNormal([N, D], deriveSeed(seed, K))', async () => {
    const steps = 4;
    const options = { n: 50, dim: 2, steps, seed: 5 };
    const clean = await reverseSdeSampler(process, scoreModel, options);
    const noisy = await reverseSdeSampler(process, scoreModel, { ...options, denoise: false });
    const t = 1 - ((1 - T_END) * (steps - 1)) / steps;
    const expected = tf.tidy(() =>
      tf.add(clean.x, tf.mul(randomNormal([50, 2], deriveSeed(5, steps)), process.diffusion(t) * Math.sqrt(t - T_END))),
    );
    expectClose(await noisy.x.data(), await expected.data(), { atol: 1e-5 }, 'x without denoising');
    tf.dispose([clean.x, noisy.x, expected]);
  });

  it('predictor–corrector with the Euler–Maruyama predictor and no corrector is reverseSdeSampler', async () => {
    const options = { n: 50, dim: 2, steps: 30, seed: 9 };
    const pc = await predictorCorrectorSampler(process, scoreModel, {
      ...options,
      predictor: 'euler-maruyama',
      correctorSteps: 0,
    });
    const em = await reverseSdeSampler(process, scoreModel, options);
    expect(pc.nfe).toBe(30);
    expectClose(await pc.x.data(), await em.x.data(), { atol: 0 }, 'PC(EM, 0 correctors)');
    tf.dispose([pc.x, em.x]);
  });
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

describe('validation', () => {
  const process = new VPSDE();
  const model = gaussianModel(process, 'score');

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

  it('rejects bad shared options, naming them', async () => {
    const xT = tf.zeros([4, 2]);
    const flat = tf.zeros([4]);
    await expectRejected(() => reverseSdeSampler(process, model, { dim: 2 }), InvalidArgumentError, 'options.n');
    await expectRejected(() => reverseSdeSampler(process, model, { n: 10 }), InvalidArgumentError, 'options.dim');
    await expectRejected(() => ddimSampler(process, model, { n: 0, dim: 2 }), InvalidArgumentError, 'options.n');
    await expectRejected(() => ddimSampler(process, model, { n: 4, dim: 2.5 }), InvalidArgumentError, 'options.dim');
    await expectRejected(() => ddimSampler(process, model, { xT, n: 4 }), InvalidArgumentError, 'options.n');
    await expectRejected(() => ddimSampler(process, model, { xT: flat }), ShapeError, 'options.xT');
    await expectRejected(
      () => dpmSolverPlusPlus2M(process, model, { xT, tEnd: 0 }),
      InvalidArgumentError,
      'options.tEnd',
    );
    await expectRejected(
      () => dpmSolverPlusPlus2M(process, model, { xT, tEnd: 1 }),
      InvalidArgumentError,
      'options.tEnd',
    );
    await expectRejected(
      () => dpmSolverPlusPlus2M(process, model, { xT, steps: 0 }),
      InvalidArgumentError,
      'options.steps',
    );
    await expectRejected(
      () => reverseSdeSampler(process, model, { xT, seed: -1 }),
      InvalidArgumentError,
      'options.seed',
    );
    await expectRejected(
      () => probabilityFlowSampler(process, model, { xT, prediction: 'velocity' as ModelPrediction }),
      InvalidArgumentError,
      'options.prediction',
    );
    await expectRejected(
      () => reverseSdeSampler({} as DiffusionProcess, model, { xT }),
      InvalidArgumentError,
      'process',
    );
    await expectRejected(
      () => reverseSdeSampler(process, 'model' as unknown as DiffusionModel, { xT }),
      InvalidArgumentError,
      'model',
    );
    expect(xT.isDisposed).toBe(false);
    tf.dispose([xT, flat]);
  });

  it('rejects bad sampler-specific options, naming them', async () => {
    const options = { n: 4, dim: 2 };
    await expectRejected(
      () => reverseSdeSampler(process, model, { ...options, denoise: 'yes' as unknown as boolean }),
      InvalidArgumentError,
      'options.denoise',
    );
    await expectRejected(
      () => predictorCorrectorSampler(process, model, { ...options, snr: 0 }),
      InvalidArgumentError,
      'options.snr',
    );
    await expectRejected(
      () => predictorCorrectorSampler(process, model, { ...options, correctorSteps: -1 }),
      InvalidArgumentError,
      'options.correctorSteps',
    );
    await expectRejected(
      () => predictorCorrectorSampler(process, model, { ...options, predictor: 'heun' as 'euler-maruyama' }),
      InvalidArgumentError,
      'options.predictor',
    );
    await expectRejected(
      () => ddimSampler(process, model, { ...options, eta: 1.5 }),
      InvalidArgumentError,
      'options.eta',
    );
    await expectRejected(
      () => ddimSampler(process, model, { ...options, eta: -0.1 }),
      InvalidArgumentError,
      'options.eta',
    );
  });

  it('rejects a model whose output is not shaped like its input, without leaking', async () => {
    const wrong: DiffusionModel = () => tf.zeros([3]);
    await expectRejected(() => dpmSolverPlusPlus2M(process, wrong, { n: 4, dim: 2 }), ShapeError, 'model');
    await expectRejected(() => probabilityFlowSampler(process, wrong, { n: 4, dim: 2 }), ShapeError, 'model');
  });

  it('rejects bad arguments of probabilityFlowLogProb', async () => {
    const x = tf.zeros([3, 2]);
    const flat = tf.zeros([3]);
    await expectRejected(() => probabilityFlowLogProb(process, model, flat), ShapeError, 'x');
    await expectRejected(
      () => probabilityFlowLogProb(process, model, x, { tEnd: 2 }),
      InvalidArgumentError,
      'options.tEnd',
    );
    await expectRejected(
      () => probabilityFlowLogProb(process, model, x, { prediction: 'data' as ModelPrediction }),
      InvalidArgumentError,
      'options.prediction',
    );
    tf.dispose([x, flat]);
  });
});
