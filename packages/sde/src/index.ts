/**
 * SDE solvers, Brownian paths, diffusion processes, reverse-time samplers and a Fokker–Planck solver on tfjs.
 *
 * Time convention everywhere: t = 0 is data, t = 1 is the prior.
 *
 * @packageDocumentation
 */

export * from './brownian/index.js';
export { type FokkerPlanck1DOptions, type FokkerPlanck1DResult, fokkerPlanck1D } from './fokker-planck.js';
export type { SdeOptions, SdeStepInfo } from './options.js';
export * from './processes/index.js';
export { SDE_METHOD_NAMES } from './registry.js';
export * from './samplers/index.js';
export { sdeint } from './sdeint.js';
export type { BrownianSource, NoiseType, Sde } from './types.js';
