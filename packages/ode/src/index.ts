/**
 * Batched, differentiable ODE solvers on tfjs: `odeint` / `odeintSync`, adjoint gradients, and exact
 * log-likelihoods of flow models.
 *
 * Time convention everywhere: t = 0 is data, t = 1 is the prior.
 *
 * @packageDocumentation
 */
export { odeint, odeintSync } from './odeint.js';
export type { ControllerOptions, OdeOptions, OdeSolution, OdeStats, OdeStatus, StepInfo } from './options.js';
export { getMethod, METHOD_NAMES, METHODS } from './registry.js';
export * from './tableaus/index.js';
