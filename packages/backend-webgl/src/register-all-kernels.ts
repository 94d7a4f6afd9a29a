import { conv2DBackpropFilterAsConvConfig, genLinearCombinationGradConfig } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { genLinearCombinationConfig } from './kernels/gen-linear-combination.js';

/** Every kernel this package provides for the `webgl` backend, one per file under `kernels/`. */
export const WEBGL_KERNEL_CONFIGS: readonly tf.KernelConfig[] = [genLinearCombinationConfig];

/**
 * The kernels this package puts in place of tfjs 4.22's webgl ones because those are slow: `Conv2DBackpropFilter`
 * (its shader takes 2–7× the time of the same gradient as one forward convolution, which this kernel runs).
 */
export const WEBGL_KERNEL_REPLACEMENTS: readonly tf.KernelConfig[] = [conv2DBackpropFilterAsConvConfig('webgl')];

/** The gradients of those kernels (registered globally; tfjs gradients are backend-independent). */
export const WEBGL_GRADIENT_CONFIGS: readonly tf.GradConfig[] = [genLinearCombinationGradConfig];

/**
 * Registers every kernel of this package on tfjs's `webgl` backend, and their gradients, and puts
 * {@link WEBGL_KERNEL_REPLACEMENTS} in place of tfjs's kernels of those names. Idempotent: kernels and gradients
 * already registered (by an earlier call or the `@gen/backend-webgl/register` side-effect entry) are left alone, so
 * tfjs never warns about duplicates.
 *
 * @remarks
 * Registration does not need a WebGL context: it only records the kernels, which run once the `webgl` backend is
 * active (see `initWebgl`). `@gen/core`'s `linearCombination` picks the fused kernel up automatically.
 *
 * @example
 * ```ts
 * registerWebglKernels();
 * await initWebgl();
 * ```
 */
export function registerWebglKernels(): void {
  for (const config of WEBGL_KERNEL_CONFIGS) {
    if (tf.getKernel(config.kernelName, config.backendName) === undefined) tf.registerKernel(config);
  }
  for (const config of WEBGL_KERNEL_REPLACEMENTS) {
    const current = tf.getKernel(config.kernelName, config.backendName);
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current !== undefined) tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel(config);
  }
  for (const config of WEBGL_GRADIENT_CONFIGS) {
    if (tf.getGradient(config.kernelName) === undefined) tf.registerGradient(config);
  }
}
