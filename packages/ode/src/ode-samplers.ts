import { METHODS } from './registry.js';
import type { SamplerInfo } from './sampler.js';

/** Steps of a fixed-step ODE method when `sample` is not given `steps`. */
export const DEFAULT_ODE_STEPS = 20;

/** Tolerances of an adaptive ODE method when `sample` is not given `rtol` / `atol` (`odeint`'s defaults). */
export const DEFAULT_TOLERANCE = 1e-5;

/**
 * Every ODE method of the registry as a row of the sampler table: fixed-step methods take `steps` (default 20),
 * adaptive ones `rtol` / `atol` (default 1e-5). They sample flows, and diffusion models through their probability
 * flow.
 *
 * @example
 * ```ts
 * Object.keys(ODE_SAMPLERS); // ['euler', 'midpoint', 'heun', 'rk4', 'bosh3', 'dopri5', 'tsit5', 'dopri8']
 * ODE_SAMPLERS.dopri5.adaptive; // true
 * ```
 */
export const ODE_SAMPLERS: Readonly<Record<string, SamplerInfo>> = Object.freeze(
  Object.fromEntries(
    Object.entries(METHODS).map(([name, tableau]): [string, SamplerInfo] => [
      name,
      Object.freeze({
        name,
        description: `${name} (order ${tableau.order}, ${tableau.adaptive ? 'adaptive' : 'fixed step'})`,
        adaptive: tableau.adaptive,
        stochastic: false,
        needsDiffusion: false,
        defaults: tableau.adaptive
          ? { rtol: DEFAULT_TOLERANCE, atol: DEFAULT_TOLERANCE }
          : { steps: DEFAULT_ODE_STEPS },
        settings: [],
      }),
    ]),
  ),
);
