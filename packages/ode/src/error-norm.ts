import * as tf from '@tensorflow/tfjs';

/**
 * The mixed RMS error norm over the whole batch: sqrt(mean((e / (atol + rtol·max(|y0|, |y1|)))²)).
 *
 * @remarks
 * One scalar for the whole state (every sample and dimension together), as torchdiffeq and diffrax do; a step is
 * accepted when it is ≤ 1. With `elements`, only the first `elements` entries of the flattened state count (a
 * seminorm, e.g. the adjoint's without its parameter part).
 *
 * @param error - The local error estimate.
 * @param y0 - The state at the start of the step.
 * @param y1 - The proposed state.
 * @param rtol - Relative tolerance.
 * @param atol - Absolute tolerance.
 * @param elements - Optional count of leading flattened entries to include.
 * @returns A scalar tensor owned by the caller.
 * @example
 * ```ts
 * const err = errorNorm(tf.sub(yHigh, yLow), y0, yHigh, 1e-5, 1e-5); // accept the step when err ≤ 1
 * ```
 */
export function errorNorm(
  error: tf.Tensor,
  y0: tf.Tensor,
  y1: tf.Tensor,
  rtol: number,
  atol: number,
  elements?: number,
): tf.Tensor {
  return tf.tidy(() => {
    const scale = tf.add(atol, tf.mul(rtol, tf.maximum(tf.abs(y0), tf.abs(y1))));
    let ratio = tf.div(error, scale).reshape([-1]);
    if (elements !== undefined) ratio = ratio.slice(0, elements);
    return tf.sqrt(tf.mean(tf.square(ratio)));
  });
}
