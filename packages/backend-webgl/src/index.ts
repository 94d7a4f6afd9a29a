/**
 * Fused WebGL kernels for gen: `GenLinearCombination` (the Runge–Kutta stage update y + h·Σ aᵢⱼkⱼ) as one
 * fragment-shader pass with its gradient, capability probing, the precision settings numerics need (Adam ε,
 * error-norm floors), and a fail-fast backend initialiser.
 *
 * `import '@gen/backend-webgl/register'` registers the kernels as a side effect; or call
 * {@link registerWebglKernels} (which {@link initWebgl} also does).
 *
 * @mergeModuleWith <project>
 * @packageDocumentation
 */
export { type WebglCapabilities, webglCapabilities } from './capabilities.js';
export { initWebgl } from './init-webgl.js';
export {
  type CoefficientUniform,
  genLinearCombinationConfig,
  LinearCombinationProgram,
} from './kernels/gen-linear-combination.js';
export { type WebglPrecisionSettings, webglPrecisionSettings } from './precision-settings.js';
export { registerWebglKernels, WEBGL_GRADIENT_CONFIGS, WEBGL_KERNEL_CONFIGS } from './register-all-kernels.js';
