import { type SampleOptions, type SampleResult, sample } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { type DiffusionProcess, SubVPSDE, VESDE, VPSDE } from '../../src/processes/index.js';
import { type DiffusionModel, diffusionProblem, type ModelPrediction } from '../../src/samplers/index.js';

// Data N(μ, s²·I) in D = 2: the marginal at t is N(α_t·μ, v_t·I) with v_t = α_t²·s² + σ_t², so the exact score is
// −(x − α_t·μ)/v_t and the exact noise ε = −σ_t·score.
export const MU = [1, -2];
export const S = 0.5;
export const T_END = 1e-3;

export const PROCESSES: readonly { label: string; process: DiffusionProcess; priorStd: number }[] = [
  { label: 'VP', process: new VPSDE(), priorStd: 1 },
  { label: 'sub-VP', process: new SubVPSDE(), priorStd: 1 },
  { label: 'VE', process: new VESDE(), priorStd: 50 },
];

/** α_t and v_t = α_t²·s² + σ_t² of the data's marginal at t. */
export function marginalOf(process: DiffusionProcess, t: number): { alpha: number; variance: number } {
  const { mean, std } = process.marginal(t);
  return { alpha: mean, variance: mean ** 2 * S ** 2 + std ** 2 };
}

/** The exact model of Gaussian data (any trailing shape whose last axis is 2), predicting the score or the noise. */
export function gaussianModel(process: DiffusionProcess, prediction: ModelPrediction): DiffusionModel {
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
export function exactFlowMap(process: DiffusionProcess, x1: tf.Tensor, tEnd: number): tf.Tensor {
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
export async function expectMarginal(
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

/** `sample` options plus the problem's prediction type. */
export type DiffusionRunOptions = SampleOptions & { prediction?: ModelPrediction };

/**
 * Samples the diffusion problem of (process, model) from z (or n draws of the process's 2-D prior) to `T_END`.
 *
 * @returns The result of `sample`; the caller owns `x`.
 */
export function sampleDiffusion(
  process: DiffusionProcess,
  model: DiffusionModel,
  nOrZ: number | tf.Tensor,
  options: DiffusionRunOptions,
): Promise<SampleResult> {
  const { prediction = 'score', ...rest } = options;
  const problem = diffusionProblem(process, model, { prediction, tEnd: T_END });
  return sample(problem, nOrZ, typeof nOrZ === 'number' ? { prior: process.prior(2), ...rest } : rest);
}
