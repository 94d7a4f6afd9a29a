/**
 * The solver conformance suite of `@gen/ode`, run by every backend's tests: empirical convergence orders of each
 * `odeint` method on linear problems with analytic solutions, an adaptive dopri5 check, and leak checks.
 *
 * @packageDocumentation
 */
export { describeSolverFailures } from './describe-failures.js';
export { type SlopeTolerance, SOLVER_ORDER_STUDIES, type SolverOrderStudy } from './order-studies.js';
export { runSolverConformance, type SolverConformanceOptions } from './run-solver-conformance.js';
export type { AdaptiveSolveResult, SolverConformanceReport, SolverOrderResult } from './solver-conformance-result.js';
