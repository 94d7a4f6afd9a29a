import { InvalidArgumentError } from '@gen/core';
import { ODE_SAMPLERS, type SamplerInfo } from '@gen/ode';
import { DIFFUSION_SAMPLERS } from './diffusion-samplers.js';

/**
 * The one sampler table: every ODE method of `@gen/ode` (fixed-step and adaptive; they sample flows, and diffusion
 * models through their probability flow) followed by the samplers that need a diffusion model (reverse SDE,
 * predictor–corrector, DDIM, DPM-Solver++). `sample`'s `options.method`, `gen sample --method` and the demo's
 * method picker all read it.
 *
 * @remarks
 * Each row says whether the method is adaptive (takes `rtol` / `atol`) or takes `steps`, whether it is
 * stochastic, whether it needs a diffusion model (`diffusionProblem`), its defaults and the names of its own
 * `settings`.
 *
 * @example
 * ```ts
 * for (const { name, adaptive, needsDiffusion, defaults } of Object.values(SAMPLERS)) {
 *   console.log(name, adaptive ? 'rtol/atol' : `${defaults.steps} steps`, needsDiffusion ? '(diffusion)' : '');
 * }
 * ```
 */
export const SAMPLERS: Readonly<Record<string, SamplerInfo>> = Object.freeze({
  ...ODE_SAMPLERS,
  ...DIFFUSION_SAMPLERS,
});

/** The names of {@link SAMPLERS}, ODE methods first. */
export const SAMPLER_NAMES: readonly string[] = Object.freeze(Object.keys(SAMPLERS));

/**
 * Looks a sampler up by name.
 *
 * @param name - A name from {@link SAMPLER_NAMES}.
 * @param parameter - The parameter to name in the error (default `'options.method'`; the CLI passes `'--method'`).
 * @returns Its row of the table.
 * @throws `InvalidArgumentError` naming `parameter` and listing the valid names when `name` is unknown.
 * @example
 * ```ts
 * getSampler('ddim').defaults.steps; // 50
 * ```
 */
export function getSampler(name: string, parameter = 'options.method'): SamplerInfo {
  const row = Object.hasOwn(SAMPLERS, name) ? SAMPLERS[name] : undefined;
  if (row === undefined) {
    throw new InvalidArgumentError(parameter, `one of ${SAMPLER_NAMES.map((n) => `"${n}"`).join(', ')}`, name);
  }
  return row;
}
