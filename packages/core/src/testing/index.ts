/**
 * Test helpers shared by every gen package: leak checks, tolerances, order fitting, analytic problems, and the
 * kernel conformance suite every backend runs.
 *
 * @packageDocumentation
 */

export { autodiffAndDifferences, type GradientPair } from './autodiff-and-differences.js';
export {
  type BenchOptions,
  type BenchResult,
  benchmark,
  benchmarkVariants,
  median,
  type VariantBenchOptions,
  writeBenchResults,
} from './bench.js';
export {
  type BackendTolerance,
  booleanInput,
  DEFAULT_KERNEL_TOLERANCE,
  describeKernelFailures,
  fixedInput,
  GEN_KERNEL_CENSUS,
  integerInput,
  KERNEL_CASES,
  type KernelCase,
  type KernelCaseFn,
  type KernelCaseResult,
  type KernelConformanceOptions,
  type KernelInput,
  kernelsCovered,
  runKernelConformance,
  uniformInput,
} from './conformance/index.js';
export { type CpuVariantOptions, registerCpuVariant } from './cpu-variant.js';
export { expectInvalidArgument } from './expect-invalid-argument.js';
export { expectNoLeaks } from './expect-no-leaks.js';
export { expm } from './expm.js';
export { centralDifferenceGradient } from './finite-difference.js';
export {
  type FusedMlpOutputs,
  type FusedMlpWorkload,
  type FusedMlpWorkloadOptions,
  fusedMlpWorkload,
} from './fused-mlp-workload.js';
export { type LinearOdeProblem, linearOdeProblem } from './linear-ode.js';
export { type LeakMeasurement, measureLeaks } from './measure-leaks.js';
export { type RandomMlpField, type RandomMlpFieldOptions, randomMlpField } from './mlp-field.js';
export { suspendFusedKernels } from './suspend-fused-kernels.js';
export { switchBackend } from './switch-backend.js';
export { expectClose, FLOAT32_EPS, fitLogLogSlope, type Tolerance } from './tolerance.js';
