import { DDIM } from './ddim.js';
import type { DiffusionSampler } from './diffusion-sampler.js';
import { DPM_SOLVER_PLUS_PLUS } from './dpm-solver.js';
import { PREDICTOR_CORRECTOR } from './predictor-corrector.js';
import { REVERSE_SDE } from './reverse-sde.js';

/**
 * The samplers that need a diffusion model, by name: `'reverse-sde'`, `'pc'`, `'ddim'`, `'dpm-solver++'`. Every
 * `DiffusionProblem` offers them to `sample`; `SAMPLERS` lists them after the ODE methods.
 *
 * @example
 * ```ts
 * Object.keys(DIFFUSION_SAMPLERS); // ['reverse-sde', 'pc', 'ddim', 'dpm-solver++']
 * ```
 */
export const DIFFUSION_SAMPLERS: Readonly<Record<string, DiffusionSampler>> = Object.freeze({
  [REVERSE_SDE.name]: REVERSE_SDE,
  [PREDICTOR_CORRECTOR.name]: PREDICTOR_CORRECTOR,
  [DDIM.name]: DDIM,
  [DPM_SOLVER_PLUS_PLUS.name]: DPM_SOLVER_PLUS_PLUS,
});
