import { genLinearCombinationGradConfig } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { genLinearCombinationConfig } from './kernels/gen-linear-combination.js';

/** Every kernel this package provides for the `webgl` backend, one per file under `kernels/`. */
export const WEBGL_KERNEL_CONFIGS: readonly tf.KernelConfig[] = [genLinearCombinationConfig];

/** The gradients of those kernels (registered globally; tfjs gradients are backend-independent). */
export const WEBGL_GRADIENT_CONFIGS: readonly tf.GradConfig[] = [genLinearCombinationGradConfig];

/**
 * Registers every kernel of this package on tfjs's `webgl` backend, and their gradients. Idempotent: kernels and
 * gradients already registered (by an earlier call or the `@gen/backend-webgl/register` side-effect entry) are
 * left alone, so tfjs never warns about duplicates.
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
  for (const config of WEBGL_GRADIENT_CONFIGS) {
    if (tf.getGradient(config.kernelName) === undefined) tf.registerGradient(config);
  }
}
