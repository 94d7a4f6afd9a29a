/**
 * What gen's packages share among themselves and users do not call: argument validation, the error-message
 * formatters, the time-grid helpers of the fixed-step solvers, calling a user's field and taping its gradients,
 * the fused kernel's name and gradient for backends to register, and backend bookkeeping.
 *
 * Not covered by semver: names here may change in any release. Import it as `@gen/core/internal` from gen's own
 * packages only.
 *
 * @packageDocumentation
 */
export { CPU_BACKEND_WARNING, warnIfUnchosenCpuBackend } from './backend/cpu-backend-warning.js';
export { declareBackendUnavailable } from './backend/unavailable-backends.js';
export { describeValue, formatShape } from './errors/describe.js';
export { formatBytes } from './errors/resource-limit-error.js';
export { evaluateField } from './evaluate-field.js';
export {
  type AdamConstants,
  fusedAdamAvailable,
  fusedAdamUpdate,
  GEN_ADAM_UPDATE,
} from './kernels/fused/adam-kernel.js';
export {
  type FusedMlp,
  type FusedMlpLayer,
  fusedMlpAvailable,
  fusedMlpDivergence,
  fusedMlpDivergenceAvailable,
  fusedMlpForward,
} from './kernels/fused/fused-mlp.js';
export {
  createGenKernelsMemory,
  fusedKernelsSupported,
  type GenKernelExports,
  genKernelsModule,
  instantiateGenKernels,
} from './kernels/fused/gen-kernels-module.js';
export { GEN_MLP_BACKWARD, GEN_MLP_DIVERGENCE, GEN_MLP_FORWARD } from './kernels/fused/mlp-kernels.js';
export type { FusedActivation } from './kernels/fused/mlp-layout.js';
export { GEN_LINEAR_COMBINATION } from './kernels/linear-combination.js';
export { genLinearCombinationGradConfig } from './kernels/linear-combination-gradient.js';
export { type NearestAttrs, nearestSourceIndices } from './kernels/nearest-source.js';
export {
  CPU_KERNEL_FIXES,
  FUSED_KERNEL_CONFIGS,
  registerGenKernels,
  WASM_KERNEL_CONFIGS,
} from './kernels/register-gen-kernels.js';
export { type TapeGradientsResult, tapeGradients } from './tape-gradients.js';
export { assertFixedGrid, type FixedGridNames } from './time/fixed-grid.js';
export { type GridStep, gridPieces, gridStep } from './time/grid-step.js';
export { assertMonotoneTimes } from './time/monotone-times.js';
export { requireMemory } from './validation/memory.js';
export {
  assertFiniteNumber,
  assertInteger,
  assertNonNegative,
  assertOneOf,
  assertPositive,
} from './validation/numbers.js';
export { assertFiniteTensor, assertTensor, type TensorExpectation } from './validation/tensors.js';
