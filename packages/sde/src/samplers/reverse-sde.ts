import { deriveSeed } from '@gen/core';
import type { DiffusionProcess } from '../processes/process.js';
import type { DiffusionModel } from './model.js';
import { resolveFlag, resolveSteps, type SamplerOptions, type SamplerResult, setUpSampling } from './options.js';
import { applyUpdate, eulerMaruyama } from './predictors.js';
import { finiteSamples, iterate } from './step-loop.js';
import { uniformTimeGrid } from './time-grid.js';

/** Options of {@link reverseSdeSampler}. */
export interface ReverseSdeSamplerOptions extends SamplerOptions {
  /** Number of Euler–Maruyama steps on a uniform time grid from 1 to `tEnd` (default 1000). */
  steps?: number;
  /** Drop the noise of the last step, returning its mean (score_sde's `denoise`; default true). */
  denoise?: boolean;
}

/**
 * Samples a diffusion model by Euler–Maruyama on the reverse-time SDE, from t = 1 down to `tEnd`.
 *
 * @remarks
 * On the uniform grid 1 = t_0 > … > t_K = tEnd with h = t_k − t_{k+1}, step k + 1 is
 *
 *   x_{k+1} = x_k − h·[f(t_k)·x_k − g(t_k)²·s(t_k, x_k)] + g(t_k)·√h·z_{k+1},
 *
 * the reverse SDE of Anderson (1982) integrated with decreasing t; z_{k+1} = `randomNormal([N, D],
 * deriveSeed(seed, k + 1))`. With `denoise` the last step adds no noise. A noise model is converted with
 * score = −ε̂/σ_t. One model evaluation per step; every step runs in `tf.tidy`.
 *
 * @param process - The diffusion process.
 * @param model - The model (see `options.prediction`).
 * @param options - Start (`n` and `dim`, or `xT`), `steps`, `seed`, `prediction`, `tEnd`, `denoise`.
 * @returns The samples [N, D] (owned by the caller; `xT` is not disposed) and the number of model evaluations.
 * @throws `InvalidArgumentError` / `ShapeError` naming the offending argument (`process`, `model`,
 *   `options.steps`, `options.denoise`, `options.tEnd`, `options.n`, …), also when the model's output is not
 *   shaped like its input or is a Promise (`model`); `NumericalError` (`non-finite`) when the samples are not
 *   finite (checked once, at `tEnd`).
 * @example
 * ```ts
 * const { x, nfe } = await reverseSdeSampler(new VPSDE(), scoreModel, { n: 1000, dim: 2, steps: 500, seed: 1 });
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 * @see Anderson, "Reverse-time diffusion equation models", Stochastic Processes and their Applications, 1982.
 */
export async function reverseSdeSampler(
  process: DiffusionProcess,
  model: DiffusionModel,
  options: ReverseSdeSamplerOptions = {},
): Promise<SamplerResult> {
  const steps = resolveSteps(options.steps, 1000);
  const denoise = resolveFlag('options.denoise', options.denoise, true);
  const setup = setUpSampling(process, model, options);
  const ts = uniformTimeGrid(steps, setup.tEnd);
  const predictor = eulerMaruyama(process, setup.model.score());
  const x = iterate(setup.start, steps, (x, k) => {
    const update = predictor(ts[k] as number, ts[k + 1] as number, x);
    return applyUpdate(update, deriveSeed(setup.seed, k + 1), denoise && k === steps - 1);
  });
  return { x: await finiteSamples(x, 'reverseSdeSampler', setup.tEnd, setup.model.nfe), nfe: setup.model.nfe };
}
