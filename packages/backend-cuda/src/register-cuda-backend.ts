import { declareBackendUnavailable } from '@gen/core/internal';
import { cudaAvailability } from './cuda-availability.js';
import { registerNativeBackend } from './register-native-backend.js';

/** tfjs priority of `'cuda'`: as tfjs-node's, above wasm (2) and cpu (1), so it is the default in Node once registered. */
const CUDA_PRIORITY = 3;

/**
 * Registers the `'cuda'` backend and all its kernels when the CUDA build of the native addon loads and finds a
 * device; otherwise records why (with `@gen/core`'s `declareBackendUnavailable`) and registers nothing.
 *
 * @remarks
 * Idempotent; `import '@gen/backend-cuda/register'` calls it. The addon is loaded and probed once per process.
 * When it returns false, `@gen/core`'s `backendUnavailableReason('cuda')` says why (the native addon was not built —
 * no CUDA toolkit when the package was installed, or the build failed —, it failed to load, or it found no usable
 * device, with the CUDA error string), `initBackend('cuda')` fails with that reason and `initBackend('auto')` falls
 * back to wasm.
 *
 * @returns Whether `'cuda'` is registered.
 * @example
 * ```ts
 * if (!registerCudaBackend()) console.warn(backendUnavailableReason('cuda')); // from @gen/core
 * ```
 */
export function registerCudaBackend(): boolean {
  const { binding, probe } = cudaAvailability();
  if (binding === undefined) {
    declareBackendUnavailable('cuda', probe.reason);
    return false;
  }
  registerNativeBackend('cuda', binding, CUDA_PRIORITY);
  return true;
}
