/**
 * Test helpers shared by every gen package: leak checks, tolerances, order fitting, analytic problems.
 *
 * @packageDocumentation
 */
export { type BenchOptions, type BenchResult, benchmark, writeBenchResults } from './bench.js';
export { expectInvalidArgument } from './expect-invalid-argument.js';
export { expectNoLeaks } from './expect-no-leaks.js';
export { expm } from './expm.js';
export { centralDifferenceGradient } from './finite-difference.js';
export { type LinearOdeProblem, linearOdeProblem } from './linear-ode.js';
export { type RandomMlpField, type RandomMlpFieldOptions, randomMlpField } from './mlp-field.js';
export { expectClose, FLOAT32_EPS, fitLogLogSlope, type Tolerance } from './tolerance.js';
