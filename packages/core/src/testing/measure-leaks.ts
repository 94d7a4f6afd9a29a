import * as tf from '@tensorflow/tfjs';

/** What {@link measureLeaks} returns: the function's result and how much tfjs memory it left behind. */
export interface LeakMeasurement<T> {
  /** What the function returned. */
  readonly value: T;
  /** Change of `tf.memory().numTensors` across the call (0 when everything was disposed). */
  readonly leakedTensors: number;
  /** Change of `tf.memory().numDataBuffers` (buffers of the active backend) across the call. */
  readonly leakedDataBuffers: number;
}

/**
 * Runs `fn` and reports how many tensors and data buffers it left allocated: the leak check of the conformance
 * suites, which record leaks instead of throwing like {@link expectNoLeaks}.
 *
 * @remarks
 * `fn` must dispose everything it creates (a tensor it returns counts as leaked). Data buffers are counted on the
 * backend active when `fn` starts and ends, so `fn` should not switch backends.
 *
 * @param fn - The work to measure, sync or async.
 * @returns Its result and the leaked tensor and data-buffer counts.
 * @throws Whatever `fn` throws.
 * @example
 * ```ts
 * const { leakedTensors } = await measureLeaks(async () => {
 *   const y = tf.exp(x);
 *   await y.data();
 *   y.dispose();
 * }); // 0
 * ```
 */
export async function measureLeaks<T>(fn: () => T | Promise<T>): Promise<LeakMeasurement<T>> {
  const before = tf.memory();
  const value = await fn();
  const after = tf.memory();
  return {
    value,
    leakedTensors: after.numTensors - before.numTensors,
    leakedDataBuffers: after.numDataBuffers - before.numDataBuffers,
  };
}
