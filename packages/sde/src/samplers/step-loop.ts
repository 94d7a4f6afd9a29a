import { NumericalError } from '@gen/core';
import type { SampleResult } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';

/**
 * Runs `count` updates x ← update(x, i) from `start`, each inside `tf.tidy`, disposing every superseded state
 * but never `start`, which stays the caller's.
 *
 * @param start - The initial state; borrowed (not disposed).
 * @param count - The number of updates.
 * @param update - One update; returns the next state (its intermediates are cleaned up by the tidy).
 * @returns The final state, a new tensor owned by the caller.
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
      if (next !== current && current !== start) current.dispose();
      x = next;
    }
    return x === start ? tf.clone(start) : x;
  } catch (error) {
    if (x !== start) x.dispose();
    throw error;
  }
}

/**
 * A fixed-step sampler's result: its samples once checked finite (one readback per call, at its output time, so
 * that a model returning NaN or ∞, or steps too coarse for it, end in a `NumericalError` instead of silent NaN
 * samples) and its counters.
 *
 * @param x - The samples; returned when finite, disposed otherwise.
 * @param sampler - The sampler's name, for the message.
 * @param tEnd - The time the samples belong to.
 * @param nfe - The model evaluations made.
 * @param steps - The steps taken.
 * @returns `x` (owned by the caller) and the counters, every step accepted.
 * @throws `NumericalError` with reason `'non-finite'` and `t` = `tEnd` when an entry of `x` is NaN or infinite.
 * @example
 * ```ts
 * return finishedSamples(x, 'ddim', t0, adapter.nfe, steps);
 * ```
 */
export async function finishedSamples(
  x: tf.Tensor,
  sampler: string,
  tEnd: number,
  nfe: number,
  steps: number,
): Promise<SampleResult> {
  const check = tf.tidy(() => tf.all(tf.isFinite(x)));
  const [finite] = await check.data();
  check.dispose();
  if (finite === 1) return { x, stats: { nfe, steps, accepted: steps, rejected: 0 } };
  x.dispose();
  throw new NumericalError(
    'non-finite',
    `${sampler} produced non-finite samples by t = ${tEnd} (after ${nfe} model evaluations): the model returned NaN or ∞, or the steps are too coarse for it.`,
    { t: tEnd },
  );
}
