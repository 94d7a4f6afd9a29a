import { BackendUnavailableError } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { backendUnavailableReason, registerCudaBackend } from './register-cuda-backend.js';

/**
 * Registers the `'cuda'` backend (when it can run) and makes it the active tfjs backend.
 *
 * @remarks
 * Fails fast with the recorded reason instead of tfjs silently staying on another backend.
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
  if (!registerCudaBackend()) {
    throw new BackendUnavailableError('cuda', backendUnavailableReason() ?? 'the backend could not be registered.');
  }
  if (!(await tf.setBackend('cuda'))) {
    throw new BackendUnavailableError('cuda', 'tf.setBackend("cuda") could not initialise the backend.');
  }
  await tf.ready();
}
