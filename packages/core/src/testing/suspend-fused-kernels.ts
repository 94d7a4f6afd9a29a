import * as tf from '@tensorflow/tfjs';
import { FUSED_KERNEL_CONFIGS } from '../kernels/register-gen-kernels.js';

/**
 * Unregisters gen's fused kernels (`GenMlpForward`, …) from every backend, so that models run their composite tfjs
 * path: for tests of the composite itself and for before/after benchmarks.
 *
 * @returns A function that registers again exactly the fused kernels this call removed.
 * @example
 * ```ts
 * const restore = suspendFusedKernels();
 * try {
 *   // … the composite path …
 * } finally {
 *   restore();
 * }
 * ```
 */
export function suspendFusedKernels(): () => void {
  const removed: tf.KernelConfig[] = [];
  for (const config of FUSED_KERNEL_CONFIGS) {
    if (tf.getKernel(config.kernelName, config.backendName) === undefined) continue;
    tf.unregisterKernel(config.kernelName, config.backendName);
    removed.push(config);
  }
  return () => {
    for (const config of removed) {
      if (tf.getKernel(config.kernelName, config.backendName) === undefined) tf.registerKernel(config);
    }
  };
}
