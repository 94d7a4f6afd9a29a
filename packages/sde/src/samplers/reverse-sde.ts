import { deriveSeed } from '@gen/core';
import type { DiffusionSampler } from './diffusion-sampler.js';
import { ModelAdapter } from './model.js';
import { diffusionSpan, resolveFlag } from './options.js';
import { applyUpdate, eulerMaruyama } from './predictors.js';
import { finishedSamples, iterate } from './step-loop.js';
import { uniformTimeGrid } from './time-grid.js';

/** The settings of {@link REVERSE_SDE} (`sample`'s `options.settings`). */
export interface ReverseSdeSettings {
  /** Drop the noise of the last step, returning its mean (score_sde's `denoise`; default true). */
  denoise?: boolean;
}

/**
 * `'reverse-sde'`: Euler–Maruyama on the reverse-time SDE, from t1 down to t0 (default 1000 steps).
 *
 * @remarks
 * On the uniform grid t1 = s_0 > … > s_K = t0 with h = s_k − s_{k+1}, step k + 1 is
 *
 *   x_{k+1} = x_k − h·[f(s_k)·x_k − g(s_k)²·s(s_k, x_k)] + g(s_k)·√h·z_{k+1},
 *
 * the reverse SDE of Anderson (1982) integrated with decreasing t; z_{k+1} = `randomNormal(x.shape,
 * deriveSeed(seed, k + 1))`. With `denoise` (default) the last step adds no noise. A noise model is converted with
 * score = −ε̂/σ_t. One model evaluation per step; every step runs in `tf.tidy`; the samples are checked finite once.
 * Settings: {@link ReverseSdeSettings}.
 *
 * @example
 * ```ts
 * const { x, stats } = await sample(diffusionProblem(new VPSDE(), scoreModel), z, { method: 'reverse-sde', steps: 500 });
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 * @see Anderson, "Reverse-time diffusion equation models", Stochastic Processes and their Applications, 1982.
 */
export const REVERSE_SDE: DiffusionSampler = {
  name: 'reverse-sde',
  description: 'reverse-SDE Euler–Maruyama',
  adaptive: false,
  stochastic: true,
  needsDiffusion: true,
  defaults: { steps: 1000 },
  settings: ['denoise'],
  async sample(problem, z, { timeSpan, steps, seed, settings }) {
    const denoise = resolveFlag('options.settings.denoise', settings.denoise, true);
    const span = diffusionSpan(timeSpan);
    const model = new ModelAdapter(problem.process, problem.model, problem.prediction);
    const ts = uniformTimeGrid(steps, span);
    const predictor = eulerMaruyama(problem.process, model.score());
    const x = iterate(z, steps, (x, k) => {
      const update = predictor(ts[k] as number, ts[k + 1] as number, x);
      return applyUpdate(update, deriveSeed(seed, k + 1), denoise && k === steps - 1);
    });
    return finishedSamples(x, 'reverse-sde', span[0], model.nfe, steps);
  },
};
