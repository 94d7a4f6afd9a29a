/**
 * What `@gen/backend-cuda` keeps for its own tests, benchmarks and gen's other packages, and users do not call: the
 * kernel and gradient configs the backend registers, and the interface of the native addon.
 *
 * Not covered by semver: names here may change in any release. Import it as `@gen/backend-cuda/internal` from gen's
 * own packages only. Unlike the root entry, importing it registers nothing.
 *
 * @packageDocumentation
 */
export { CUDA_GRADIENT_CONFIGS, CUDA_KERNEL_CONFIGS } from './kernel-configs.js';
export type { NativeBinding } from './native/binding.js';
