/**
 * Fused WebGL kernels for gen: `GenLinearCombination` (the Runge–Kutta stage update y + h·Σ aᵢⱼkⱼ) as one
 * fragment-shader pass with its gradient, capability probing, the precision settings numerics need (Adam ε,
 * error-norm floors), and a fail-fast backend initialiser.
 *
 * `import '@gen/backend-webgl/register'` registers the kernels as a side effect; {@link initWebgl} registers them
 * and activates the backend.
 *
 * @mergeModuleWith <project>
 * @packageDocumentation
 */
export { type WebglCapabilities, webglCapabilities } from './capabilities.js';
export { initWebgl } from './init-webgl.js';
export { type WebglPrecisionSettings, webglPrecisionSettings } from './precision-settings.js';
