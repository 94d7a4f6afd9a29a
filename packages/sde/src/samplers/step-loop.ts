import { NumericalError } from '@gen/core';
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

/**
 * Reads back once whether a sampler's result is finite, so that a model returning NaN or ∞ (or steps too coarse
 * for it) ends in a `NumericalError` instead of silent NaN samples.
 *
 * @remarks
 * One readback per sampling call, at its output time, never inside the step loop: a non-finite value is reported
 * where the samples are returned, not at the step that produced it.
 *
 * @param x - The samples; returned when finite, disposed otherwise.
 * @param sampler - The sampler's name, for the message.
 * @param tEnd - The time the samples belong to.
 * @param nfe - The model evaluations made, for the message.
 * @returns `x`, owned by the caller.
 * @throws `NumericalError` with reason `'non-finite'` and `t` = `tEnd` when an entry of `x` is NaN or infinite.
 * @example
 * ```ts
 * return { x: await finiteSamples(x, 'ddimSampler', setup.tEnd, setup.model.nfe), nfe: setup.model.nfe };
 * ```
 */
export async function finiteSamples(x: tf.Tensor, sampler: string, tEnd: number, nfe: number): Promise<tf.Tensor> {
  const check = tf.tidy(() => tf.all(tf.isFinite(x)));
  const [finite] = await check.data();
  check.dispose();
  if (finite === 1) return x;
  x.dispose();
  throw new NumericalError(
    'non-finite',
    `${sampler} produced non-finite samples by t = ${tEnd} (after ${nfe} model evaluations): the model returned NaN or ∞, or the steps are too coarse for it.`,
    { t: tEnd },
  );
}
