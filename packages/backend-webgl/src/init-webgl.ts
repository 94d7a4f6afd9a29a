import { BackendUnavailableError } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { registerWebglKernels } from './register-all-kernels.js';

/**
 * Registers this package's fused kernels and makes tfjs's `webgl` backend the active one.
 *
 * @remarks
 * Fails fast with a clear error where WebGL cannot run (Node, workers without OffscreenCanvas, a browser with
 * WebGL disabled or blocklisted), instead of tfjs silently falling back to the CPU.
 *
 * @returns Resolves once the backend is ready.
 * @throws `BackendUnavailableError` (from `@gen/core`) when the `webgl` backend is not registered, WebGL is missing
 *   (`WEBGL_VERSION` is 0), or the backend fails to initialise.
 * @example
 * ```ts
 * await initWebgl();
 * const y = linearCombination(y0, [k1, k2], [h / 2, h / 2]); // one shader pass
 * ```
 */
export async function initWebgl(): Promise<void> {
  registerWebglKernels();
  if (tf.findBackendFactory('webgl') === null) {
    throw new BackendUnavailableError(
      'webgl',
      'tfjs registers webgl only in a browser or a worker with WebGL (not in Node). Use "cpu" or "wasm".',
    );
  }
  let version = 0;
  try {
    version = tf.env().getNumber('WEBGL_VERSION');
  } catch {
    version = 0;
  }
  if (version === 0) {
    throw new BackendUnavailableError('webgl', 'this browser gives no WebGL 1 or 2 context. Use "cpu" or "wasm".');
  }
  let ok = false;
  try {
    ok = await tf.setBackend('webgl');
  } catch (error) {
    throw new BackendUnavailableError('webgl', `initialisation failed: ${String(error)}`);
  }
  if (!ok || tf.getBackend() !== 'webgl') {
    throw new BackendUnavailableError('webgl', 'tf.setBackend("webgl") failed to initialise a WebGL context.');
  }
  await tf.ready();
}
