import * as tf from '@tensorflow/tfjs';

/**
 * Runs `count` updates x ← update(x, i) from `start`, each inside `tf.tidy`, disposing every superseded state.
 *
 * @param start - The initial state; owned by the loop (disposed once replaced, or on error).
 * @param count - The number of updates.
 * @param update - One update; returns the next state (its intermediates are cleaned up by the tidy).
 * @returns The final state, owned by the caller.
 * @throws Whatever `update` throws, after disposing the current state.
 * @example
 * ```ts
 * const x = iterate(tf.zeros([4, 2]), 10, (x) => tf.add(x, 1)); // all 10
 * ```
 */
export function iterate(start: tf.Tensor, count: number, update: (x: tf.Tensor, i: number) => tf.Tensor): tf.Tensor {
  let x = start;
  try {
    for (let i = 0; i < count; i += 1) {
      const current = x;
      const next = tf.tidy(() => update(current, i));
      if (next !== current) current.dispose();
      x = next;
    }
    return x;
  } catch (error) {
    x.dispose();
    throw error;
  }
}
