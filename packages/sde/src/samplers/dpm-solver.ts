import * as tf from '@tensorflow/tfjs';
import type { DiffusionProcess } from '../processes/process.js';
import type { DiffusionModel } from './model.js';
import { resolveSteps, type SamplerOptions, type SamplerResult, setUpSampling } from './options.js';
import { finiteSamples, iterate } from './step-loop.js';
import { halfLogSnr, logSnrTimeGrid } from './time-grid.js';

/** Options of {@link dpmSolverPlusPlus2M}. */
export interface DpmSolverOptions extends SamplerOptions {
  /** Number of steps (= model evaluations) on a grid uniform in λ = log(α/σ) from 1 to `tEnd` (default 20). */
  steps?: number;
}

/**
 * Samples a diffusion model with DPM-Solver++(2M): the multistep second-order solver of the probability-flow ODE
 * in data prediction (Lu et al. 2022b, Algorithm 2).
 *
 * @remarks
 * With λ_t = log(α_t/σ_t) and x̂_0 the model's data prediction (x_t − σ_t·ε̂)/α_t, on a grid uniform in λ
 * (times found by bisection) t_0 = 1 > … > t_K = tEnd, with h_i = λ_{t_i} − λ_{t_{i−1}}:
 *
 * - first step (DPM-Solver++1, which equals DDIM): x_{t_1} = (σ_{t_1}/σ_{t_0})·x_{t_0} − α_{t_1}·(e^{−h_1} − 1)·x̂_0(t_0);
 * - then, with r_i = h_{i−1}/h_i and D_i = (1 + 1/(2r_i))·x̂_0(t_{i−1}) − (1/(2r_i))·x̂_0(t_{i−2}):
 *   x_{t_i} = (σ_{t_i}/σ_{t_{i−1}})·x_{t_{i−1}} − α_{t_i}·(e^{−h_i} − 1)·D_i.
 *
 * Deterministic; K model evaluations; every step runs in `tf.tidy` and only the previous x̂_0 is kept.
 *
 * @param process - The diffusion process.
 * @param model - The model (see `options.prediction`).
 * @param options - Start (`n` and `dim`, or `xT`), `steps`, `seed` (prior draw only), `prediction`, `tEnd`.
 * @returns The samples [N, D] (owned by the caller; `xT` is not disposed) and the number of model evaluations.
 * @throws `InvalidArgumentError` / `ShapeError` naming the offending argument (`options.steps`, `options.n`,
 *   `model`, …), also a model that returns a Promise;
 *   `NumericalError` (`non-finite`) when the samples are not finite (checked once, at `tEnd`).
 * @example
 * ```ts
 * const { x, nfe } = await dpmSolverPlusPlus2M(new VPSDE(), epsModel, { n: 1000, dim: 2, prediction: 'noise' });
 * ```
 * @see Lu et al., "DPM-Solver++: Fast Solver for Guided Sampling of Diffusion Probabilistic Models", 2022.
 * @see Lu et al., "DPM-Solver: A Fast ODE Solver for Diffusion Probabilistic Model Sampling in Around 10 Steps",
 *   NeurIPS 2022.
 */
export async function dpmSolverPlusPlus2M(
  process: DiffusionProcess,
  model: DiffusionModel,
  options: DpmSolverOptions = {},
): Promise<SamplerResult> {
  const steps = resolveSteps(options.steps, 20);
  const setup = setUpSampling(process, model, options);
  const ts = logSnrTimeGrid(process, steps, setup.tEnd);
  const lambdas = ts.map((t) => halfLogSnr(process, t));
  let previous: tf.Tensor | undefined;
  try {
    const x = iterate(setup.start, steps, (x, i) => {
      const t = ts[i] as number;
      const s = ts[i + 1] as number;
      const h = (lambdas[i + 1] as number) - (lambdas[i] as number);
      const data = setup.model.predict('data', t, x);
      let direction = data;
      if (previous !== undefined) {
        const r = ((lambdas[i] as number) - (lambdas[i - 1] as number)) / h;
        direction = tf.sub(tf.mul(data, 1 + 1 / (2 * r)), tf.mul(previous, 1 / (2 * r)));
        previous.dispose();
      }
      previous = tf.keep(data);
      const now = process.marginal(t);
      const next = process.marginal(s);
      return tf.add(tf.mul(x, next.std / now.std), tf.mul(direction, -next.mean * Math.expm1(-h)));
    });
    return { x: await finiteSamples(x, 'dpmSolverPlusPlus2M', setup.tEnd, setup.model.nfe), nfe: setup.model.nfe };
  } finally {
    previous?.dispose();
  }
}
