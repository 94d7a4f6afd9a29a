import * as tf from '@tensorflow/tfjs';
import { noteBackendChosen } from '../backend/cpu-backend-warning.js';

/**
 * Activates a registered tfjs backend, failing loudly where `tf.setBackend` would only return false: the backend
 * switch of the conformance runners. Like `initBackend`, it counts as an explicit choice, so gen's one-time warning
 * about running on the cpu backend in Node stays silent.
 *
 * @param name - A backend registered with `tf.registerBackend` (import its package first).
 * @returns The name of the backend that was active before (tfjs's default when none was yet).
 * @throws `Error` when no backend of that name is registered or it fails to initialise.
 * @example
 * ```ts
 * const previous = await switchBackend('wasm');
 * // … run on wasm …
 * await switchBackend(previous);
 * ```
 */
export async function switchBackend(name: string): Promise<string> {
  // In a fresh process no backend is active yet (tf.getBackend() is undefined); let tfjs pick its default first.
  await tf.ready();
  const previous = tf.getBackend();
  if (tf.findBackendFactory(name) === null) {
    throw new Error(`switchBackend: no backend named "${name}" is registered (import its package first).`);
  }
  if (!(await tf.setBackend(name))) throw new Error(`switchBackend: backend "${name}" failed to initialise.`);
  noteBackendChosen();
  return previous;
}
