import * as tf from '@tensorflow/tfjs';
import { type Readbacks, readValues } from './readback.js';
import type { StepFailure } from './step-size/controller.js';

/**
 * A fixed-step solve's check at an output time (one readback there, not per step): the `'non-finite'` failure
 * when the state holds a NaN or an infinity.
 *
 * @param y - The state; not disposed.
 * @param t - The output time reached.
 * @param steps - The steps taken so far (for the message).
 * @returns The failure, or undefined when every entry is finite.
 * @example
 * ```ts
 * const failure = yield* checkFinite(y, t, stats.steps);
 * ```
 */
export function* checkFinite(y: tf.Tensor, t: number, steps: number): Readbacks<StepFailure | undefined> {
  const [finite] = yield* readValues(tf.tidy(() => tf.all(tf.isFinite(y)).cast('float32')));
  if (finite === 1) return undefined;
  return {
    status: 'non-finite',
    message: `the state became non-finite by t = ${t} (after ${steps} steps). Use a smaller stepSize or adaptive steps.`,
  };
}
