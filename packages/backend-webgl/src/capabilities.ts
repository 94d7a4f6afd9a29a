import { BackendUnavailableError } from '@gen/core';
import * as tf from '@tensorflow/tfjs';

/** What the active tfjs `webgl` backend can do here, as {@link webglCapabilities} reports it. */
export interface WebglCapabilities {
  /** The WebGL version tfjs uses: 2, 1, or 0 when WebGL is unavailable (`tf.env().getNumber('WEBGL_VERSION')`). */
  readonly webglVersion: number;
  /** Whether float32 textures can be rendered to (`WEBGL_RENDER_FLOAT32_CAPABLE`). */
  readonly renderFloat32: boolean;
  /**
   * What tfjs's `floatPrecision()` reports: 32 or 16. Caveat (tfjs 4.22): it returns 16 whenever float32 render
   * targets are enabled, even though tensors are then stored in float32 textures; use {@link textureFloatBits}
   * for the precision values actually have.
   */
  readonly floatPrecisionBits: 16 | 32;
  /** tfjs's `epsilon()` for {@link floatPrecisionBits}: 1e-7 for 32 bits, 1e-4 for 16. */
  readonly epsilon: number;
  /**
   * Bits of the textures tensors live in: 32 when tfjs renders to float32 textures
   * (`WEBGL_RENDER_FLOAT32_ENABLED`), else 16 (half floats, about 3 significant digits).
   */
  readonly textureFloatBits: 16 | 32;
}

/**
 * Probes the active `webgl` backend: WebGL version, float32 render support and float precision.
 *
 * @remarks
 * Call after `initWebgl()` (or `tf.setBackend('webgl')`). Choose test and solver tolerances from
 * `textureFloatBits` (a 16-bit device cannot reach rtol = 1e-6), or take them from `webglPrecisionSettings()`:
 * tfjs's own `floatPrecisionBits` / `epsilon` say 16 and 1e-4 even when tensors live in float32 textures.
 *
 * @returns The capabilities of the active backend.
 * @throws `BackendUnavailableError` (from `@gen/core`) when the active backend is not `webgl`.
 * @example
 * ```ts
 * await initWebgl();
 * const { textureFloatBits } = webglCapabilities(); // 32 on most desktop GPUs
 * ```
 */
export function webglCapabilities(): WebglCapabilities {
  if (tf.getBackend() !== 'webgl') {
    throw new BackendUnavailableError(
      'webgl',
      `webglCapabilities() needs the webgl backend active; it is "${tf.getBackend()}" (call initWebgl() first).`,
    );
  }
  const backend = tf.backend();
  return {
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    renderFloat32: tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE'),
    floatPrecisionBits: backend.floatPrecision(),
    epsilon: backend.epsilon(),
    textureFloatBits: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? 32 : 16,
  };
}
