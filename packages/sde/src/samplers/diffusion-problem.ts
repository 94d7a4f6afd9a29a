import type { VectorField } from '@gen/core';
import type { Sampler, SamplingProblem } from '@gen/ode';
import type { DiffusionProcess } from '../processes/process.js';
import { DIFFUSION_SAMPLERS } from './diffusion-samplers.js';
import type { DiffusionModel, ModelPrediction } from './model.js';
import { adaptModel, DEFAULT_T_END, resolveTEnd } from './options.js';

/** Options of {@link diffusionProblem}. */
export interface DiffusionProblemOptions {
  /** What the model predicts (default `'score'`). */
  prediction?: ModelPrediction;
  /** The final time t0 of sampling, in (0, 1) (default 1e-3; VE models are often sampled to 1e-5). */
  tEnd?: number;
}

/** A trained diffusion model, ready for `sample` of `@gen/ode`: every ODE method and the diffusion samplers. */
export interface DiffusionProblem extends SamplingProblem {
  /** The forward process. */
  readonly process: DiffusionProcess;
  /** The model. */
  readonly model: DiffusionModel;
  /** What the model predicts. */
  readonly prediction: ModelPrediction;
}

/**
 * Makes a diffusion model samplable: the one place where "model → score → probability-flow field" is built.
 *
 * @remarks
 * The problem's `field` is the probability-flow ODE u(t, x) = f(t)·x − ½g(t)²·s(t, x) with the score
 * s = −ε̂/σ_t for a noise model (the model itself for a score model), which every ODE method integrates from
 * t = 1 to `tEnd`; its `samplers` are the rows of {@link DIFFUSION_SAMPLERS} (reverse SDE, predictor–corrector,
 * DDIM, DPM-Solver++) bound to it. Nothing is allocated: the model is called when a sampler runs. Shape-generic:
 * the state may be [N, D] or [N, H, W, C].
 *
 * @param process - The diffusion process.
 * @param model - The model (see `options.prediction`); borrowed.
 * @param options - What the model predicts and the final time.
 * @returns The problem, for `sample(problem, z, { method })`.
 * @throws `InvalidArgumentError` naming `process`, `model`, `options.prediction` or `options.tEnd`.
 * @example
 * ```ts
 * const problem = diffusionProblem(new VPSDE(), epsModel, { prediction: 'noise' });
 * const z = randomNormal([1000, 2], 1);
 * const { x, stats } = await sample(problem, z, { method: 'ddim', steps: 50 });
 * const flow = await sample(problem, z, { method: 'dopri5', rtol: 1e-4, atol: 1e-4 }); // probability flow
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 */
export function diffusionProblem(
  process: DiffusionProcess,
  model: DiffusionModel,
  options: DiffusionProblemOptions = {},
): DiffusionProblem {
  const adapter = adaptModel(process, model, options.prediction);
  const prediction = options.prediction ?? 'score';
  const tEnd = resolveTEnd(options.tEnd, DEFAULT_T_END);
  const field: VectorField = process.probabilityFlow(adapter.score());
  const samplers: Record<string, Sampler> = {};
  const problem: DiffusionProblem = {
    description: `a ${process.name} diffusion model (${prediction} prediction)`,
    field,
    timeSpan: [tEnd, 1],
    samplers,
    process,
    model,
    prediction,
  };
  for (const [name, sampler] of Object.entries(DIFFUSION_SAMPLERS)) {
    samplers[name] = { ...sampler, sample: (z, run) => sampler.sample(problem, z, run) };
  }
  return Object.freeze(problem);
}
