/**
 * A tfjs backend for NVIDIA GPUs in Node: a native N-API addon with CUDA kernels (a tiled SGEMM, broadcasting
 * elementwise math, reductions, strided copies and the fused `GenLinearCombination`), registered as `'cuda'`.
 *
 * Importing the package registers the backend when a device is usable (as `@gen/backend-cuda/register` does);
 * {@link initCuda} also activates it, and `@gen/core`'s `backendUnavailableReason('cuda')` says why it cannot run
 * otherwise.
 *
 * @packageDocumentation
 */
import { registerCudaBackend } from './register-cuda-backend.js';

export { cudaDeviceInfo } from './device-info.js';
export { CudaUnsupportedError } from './errors/cuda-unsupported-error.js';
export { initCuda } from './init-cuda.js';
export type { DeviceProbe } from './native/binding.js';
export { registerCudaBackend } from './register-cuda-backend.js';

registerCudaBackend();
