/**
 * Batched, differentiable ODE solvers on tfjs: `odeint` / `odeintSync`, adjoint gradients, and exact
 * log-likelihoods of flow models.
 *
 * Time convention everywhere: t = 0 is data, t = 1 is the prior.
 *
 * @mergeModuleWith <project>
 * @packageDocumentation
 */

export { type AdjointGradients, type AdjointOptions, type AdjointSolution, odeintAdjoint } from './adjoint.js';
export {
  type LogProbOptions,
  type LogProbResult,
  logProb,
  type SampleOptions,
  type SampleResult,
  sample,
} from './likelihood.js';
export { odeint, odeintSync } from './odeint.js';
export type { ControllerOptions, OdeEvent, OdeOptions, OdeSolution, StepInfo } from './options.js';
export { getMethod, METHOD_NAMES, METHODS } from './registry.js';
export * from './tableaus/index.js';
