import * as tf from '@tensorflow/tfjs';
import { CudaBackend } from './backend-cuda.js';
import { CUDA_GRADIENT_CONFIGS, CUDA_KERNEL_CONFIGS } from './kernel-configs.js';
import type { NativeBinding } from './native/binding.js';

/**
 * Registers a tfjs backend named `name` over a native binding, with every kernel of this package and their
 * gradients. Idempotent: what is already registered is left alone, so tfjs never warns about duplicates.
 *
 * @remarks
 * Internal (not exported from the package entry): `registerCudaBackend` uses it for `'cuda'` with the CUDA build,
 * and the tests use it for `'cuda-host'` with the host build of the same sources, so the real backend class and
 * kernels run on machines without a GPU.
 *
 * @param name - The backend name.
 * @param binding - A loaded binding whose `probe().available` is true.
 * @param priority - tfjs's backend priority (the highest registered one becomes the default).
 * @example
 * ```ts
 * const loaded = loadBinding('host');
 * if ('binding' in loaded) registerNativeBackend('cuda-host', loaded.binding, 0);
 * await tf.setBackend('cuda-host');
 * ```
 */
export function registerNativeBackend(name: string, binding: NativeBinding, priority: number): void {
  if (tf.findBackendFactory(name) === null) tf.registerBackend(name, () => new CudaBackend(binding), priority);
  for (const config of CUDA_KERNEL_CONFIGS) {
    if (tf.getKernel(config.kernelName, name) === undefined) tf.registerKernel({ ...config, backendName: name });
  }
  for (const config of CUDA_GRADIENT_CONFIGS) {
    if (tf.getGradient(config.kernelName) === undefined) tf.registerGradient(config);
  }
}
