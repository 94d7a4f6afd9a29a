import { initBackend } from '@gen/core';
import { registerCudaBackend } from './register-cuda-backend.js';

/**
 * Registers the `'cuda'` backend (when it can run) and makes it the active tfjs backend.
 *
 * @remarks
 * `@gen/core`'s `initBackend('cuda')` after registering: it fails fast with the recorded reason instead of tfjs
 * silently staying on another backend.
 *
 * @returns Resolves once the backend is ready.
 * @throws `BackendUnavailableError` (from `@gen/core`) naming the reason: the native addon was not built (no CUDA
 *   toolkit at install), it failed to load, or no device was found (with the CUDA error string).
 * @example
 * ```ts
 * await initCuda();
 * const y = tf.matMul(a, b); // on the GPU
 * ```
 */
export async function initCuda(): Promise<void> {
  registerCudaBackend();
  await initBackend('cuda');
}
