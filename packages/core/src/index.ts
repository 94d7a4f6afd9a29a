/**
 * The math every gen package builds on: errors, backend selection, seeded randomness, distributions,
 * divergence, noise schedules and probability paths, minibatch optimal transport, and sample-quality metrics.
 *
 * Time convention everywhere: t = 0 is data, t = 1 is the prior.
 *
 * @mergeModuleWith <project>
 * @packageDocumentation
 */
export * from './backend/index.js';
export * from './distributions/index.js';
export * from './divergence/index.js';
export * from './errors/index.js';
export * from './kernels/index.js';
export * from './metrics/index.js';
export * from './ot/index.js';
export * from './paths/index.js';
export * from './random/index.js';
export * from './schedules/index.js';
export type { Solution, SolveStats, SolveStatus } from './solution.js';
export type { VectorField } from './types.js';
export * from './validation/index.js';
