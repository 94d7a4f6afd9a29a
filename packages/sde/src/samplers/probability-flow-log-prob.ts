import type { SolveStats } from '@gen/core';
import { assertTensor } from '@gen/core/internal';
import { type LogProbOptions, logProb } from '@gen/ode';
import type * as tf from '@tensorflow/tfjs';
import type { DiffusionProcess } from '../processes/process.js';
import { diffusionProblem } from './diffusion-problem.js';
import type { DiffusionModel, ModelPrediction } from './model.js';

/** Options of {@link probabilityFlowLogProb}: `logProb`'s divergence and solver options, the prediction and tEnd. */
export interface ProbabilityFlowLogProbOptions extends Omit<LogProbOptions, 'prior' | 'timeSpan'> {
  /** What the model predicts (default `'score'`). */
  prediction?: ModelPrediction;
  /** The time at which the density is evaluated, in (0, 1) (default 1e-5, as score_sde's likelihood). */
  tEnd?: number;
}

/** The result of {@link probabilityFlowLogProb}. */
export interface ProbabilityFlowLogProbResult {
  /** log p_tEnd(x) per sample, [N], owned by the caller. */
  logp: tf.Tensor;
  /** Solver counters; `nfe` counts evaluations of the augmented field. */
  stats: SolveStats;
}

/**
 * The model's exact log-density of data under the probability-flow ODE: log p(x) = log p_prior(x_1) +
 * ∫_{tEnd}^{1} ∇·u(t, x_t) dt, with u(t, x) = f(t)·x − ½g(t)²·s(t, x) and x_tEnd = x.
 *
 * @remarks
 * Runs `logProb` of `@gen/ode` on the probability-flow field of `diffusionProblem` over `timeSpan: [tEnd, 1]` with
 * `prior: process.prior(D)`. The result is the density of the model's marginal at `tEnd`; with an exact score it
 * differs from the data density only by the prior mismatch at t = 1 and by the blur σ_tEnd (both tiny for the
 * default processes and tEnd = 1e-5). `divergence: 'exact'` (default) costs D vector–Jacobian products per
 * evaluation; `'hutchinson'` is unbiased and cheaper in high dimension.
 *
 * @param process - The diffusion process.
 * @param model - The model (see `options.prediction`); must be differentiable by tfjs for the divergence.
 * @param x - Data points, float32 [N, D]; not disposed.
 * @param options - `prediction`, `tEnd`, and `logProb`'s options (`divergence`, `probes`, `seed`, `method`,
 *   `rtol`, `atol`, …).
 * @returns log p(x) [N] (owned by the caller) and the solver counters.
 * @throws `InvalidArgumentError` / `ShapeError` naming the offending argument (`x`, `options.tEnd`,
 *   `options.prediction`, …); `NumericalError` when the solve fails.
 * @example
 * ```ts
 * const { logp } = await probabilityFlowLogProb(new VPSDE(), scoreModel, x, { rtol: 1e-5, atol: 1e-5 });
 * const bitsPerDim = -logp.mean().dataSync()[0] / (2 * Math.LN2);
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 * @see Grathwohl et al., "FFJORD: Free-form Continuous Dynamics for Scalable Reversible Generative Models", ICLR 2019.
 */
export async function probabilityFlowLogProb(
  process: DiffusionProcess,
  model: DiffusionModel,
  x: tf.Tensor,
  options: ProbabilityFlowLogProbOptions = {},
): Promise<ProbabilityFlowLogProbResult> {
  const { prediction, tEnd = 1e-5, ...rest } = options;
  const problem = diffusionProblem(process, model, prediction === undefined ? { tEnd } : { prediction, tEnd });
  assertTensor('x', x, { rank: 2, dtype: 'float32' });
  const prior = process.prior(x.shape[1] as number);
  const { logp, z, stats } = await logProb(problem.field, x, { ...rest, prior, timeSpan: problem.timeSpan });
  z.dispose();
  return { logp, stats };
}
