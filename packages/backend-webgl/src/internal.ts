/**
 * What `@gen/backend-webgl` keeps for its own tests, benchmarks and gen's other packages, and users do not call: the
 * kernel and gradient configs it registers, the registration itself (users `import '@gen/backend-webgl/register'`
 * or call `initWebgl`), and the fused kernel's shader program.
 *
 * Not covered by semver: names here may change in any release. Import it as `@gen/backend-webgl/internal` from gen's
 * own packages only.
 *
 * @packageDocumentation
 */
export {
  type CoefficientUniform,
  genLinearCombinationConfig,
  LinearCombinationProgram,
} from './kernels/gen-linear-combination.js';
export {
  registerWebglKernels,
  WEBGL_GRADIENT_CONFIGS,
  WEBGL_KERNEL_CONFIGS,
  WEBGL_KERNEL_REPLACEMENTS,
} from './register-all-kernels.js';
