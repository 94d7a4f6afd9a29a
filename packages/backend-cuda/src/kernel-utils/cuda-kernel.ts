import type * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';

/** The backend name kernel configs are declared for; `registerNativeBackend` re-targets them to other names. */
export const CUDA_BACKEND_NAME = 'cuda';

/**
 * What a kernel of this package computes: typed inputs and attributes in, the output tensor info(s) out.
 *
 * @typeParam I - The named inputs (e.g. `{ x: tf.TensorInfo }`), or `tf.TensorInfo[]` for list kernels such as
 *   Concat.
 * @typeParam A - The attributes.
 */
export type CudaKernelFunc<I, A> = (inputs: I, attrs: A, backend: CudaBackend) => tf.TensorInfo | tf.TensorInfo[];

/**
 * Builds a tfjs `KernelConfig` for the `cuda` backend from a typed kernel function (the casts from tfjs's untyped
 * `inputs`/`attrs`/`backend` live here, once). The kernel runs in {@link CudaBackend.runKernel}, so a kernel that
 * throws leaks nothing.
 *
 * @param kernelName - The tfjs kernel name, e.g. `tf.Add`.
 * @param run - The kernel.
 * @returns The config.
 */
export function cudaKernel<I, A = Record<string, never>>(
  kernelName: string,
  run: CudaKernelFunc<I, A>,
): tf.KernelConfig {
  return {
    kernelName,
    backendName: CUDA_BACKEND_NAME,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const cuda = backend as unknown as CudaBackend;
      return cuda.runKernel(() => run(inputs as unknown as I, (attrs ?? {}) as unknown as A, cuda));
    },
  };
}
