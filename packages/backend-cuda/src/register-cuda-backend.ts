import { declareBackendUnavailable } from '@gen/core';
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
 * When it returns false, {@link backendUnavailableReason} says why, `initBackend('cuda')` fails with that reason
 * and `initBackend('auto')` falls back to wasm.
 *
 * @returns Whether `'cuda'` is registered.
 * @example
 * ```ts
 * if (!registerCudaBackend()) console.warn(backendUnavailableReason());
 * ```
 */
export function registerCudaBackend(): boolean {
  const { binding, reason } = cudaAvailability();
  if (binding === undefined) {
    declareBackendUnavailable('cuda', reason ?? 'the CUDA device probe failed.');
    return false;
  }
  registerNativeBackend('cuda', binding, CUDA_PRIORITY);
  return true;
}

/**
 * Why the `'cuda'` backend cannot run here, or `undefined` when it can.
 *
 * @remarks
 * The reasons: the native addon was not built (no CUDA toolkit / `nvcc` when the package was installed, or the
 * build failed), it failed to load, or it found no usable device (the message carries the CUDA error string).
 *
 * @returns One sentence a user can act on, or `undefined`.
 * @example
 * ```ts
 * backendUnavailableReason(); // e.g. 'no CUDA-capable device is detected (cudaErrorNoDevice).' on a laptop
 * ```
 */
export function backendUnavailableReason(): string | undefined {
  return cudaAvailability().reason;
}
