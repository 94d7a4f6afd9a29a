export { GEN_KERNEL_CENSUS, KERNEL_CASES, kernelsCovered } from './cases/index.js';
export { describeKernelFailures } from './describe-failures.js';
export { type BackendTolerance, DEFAULT_KERNEL_TOLERANCE, type KernelCase, type KernelCaseFn } from './kernel-case.js';
export type { KernelCaseResult } from './kernel-case-result.js';
export { booleanInput, fixedInput, integerInput, type KernelInput, uniformInput } from './kernel-input.js';
export { type KernelConformanceOptions, runKernelConformance } from './run-kernel-conformance.js';
