import type { WebglPrecisionSettings } from '@gen/backend-webgl';
import { initWebgl } from '@gen/backend-webgl';
import { initBackend } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { precisionOf } from './precision';

/** The active backend and its precision settings. */
export interface ActiveBackend {
  readonly backend: string;
  readonly precision: WebglPrecisionSettings;
}

/**
 * Activates the webgl (with gen's kernels), wasm or cpu backend.
 *
 * @param name - The backend.
 * @returns Its name as tfjs reports it and its precision settings.
 * @throws `BackendUnavailableError` when it cannot start.
 * @example
 * ```ts
 * const { backend, precision } = await activateBackend('cpu');
 * ```
 */
export async function activateBackend(name: string): Promise<ActiveBackend> {
  if (name === 'webgl') await initWebgl();
  else await initBackend(name);
  const backend = tf.getBackend();
  return { backend, precision: precisionOf(backend) };
}
