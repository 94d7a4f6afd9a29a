/**
 * Batched, differentiable ODE solvers on tfjs: `odeint` / `odeintSync`, adjoint gradients, exact
 * log-likelihoods of flow models, and `sample`, the one sampling entry point (with the ODE rows of the sampler
 * table).
 *
 * Time convention everywhere: t = 0 is data, t = 1 is the prior.
 *
 * @mergeModuleWith <project>
 * @packageDocumentation
 */

export { type AdjointGradients, type AdjointOptions, type AdjointSolution, odeintAdjoint } from './adjoint.js';
export { type LogProbOptions, type LogProbResult, logProb } from './likelihood.js';
export { ODE_SAMPLERS } from './ode-samplers.js';
export { odeint, odeintSync } from './odeint.js';
export type { ControllerOptions, OdeEvent, OdeOptions, OdeSolution, StepInfo } from './options.js';
export { getMethod, METHOD_NAMES, METHODS } from './registry.js';
export { odeSolveOptions, sample } from './sample.js';
export type {
  SampleOptions,
  SampleResult,
  Sampler,
  SamplerDefaults,
  SamplerInfo,
  SamplerRun,
  SamplingProblem,
  SamplingTarget,
} from './sampler.js';
export * from './tableaus/index.js';
