import { ShapeError, type VectorField } from '@gen/core';
import { assertFiniteNumber, assertTensor } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { TrainableField } from '../types.js';
import { hostLabels, modelClasses } from './labels.js';

/** Class labels of a conditional field: an int32 tensor [N] (copied at once) or N integers, each in 0..K. */
export type ClassLabels = tf.Tensor | readonly number[] | Int32Array;

/**
 * The field u(t, x | c) of a class-conditional model with fixed labels: a plain `VectorField` for every ODE method
 * (`sample`, `odeint` of `@gen/ode`) and every SDE sampler of `@gen/sde`.
 *
 * @remarks
 * Evaluating the field at time t on x [N, ...sampleShape] calls `model.forwardTimes(t·1_N, x, c)` with sample i
 * conditioned on class cᵢ (cᵢ = K, the "no class" label, gives the unconditional field). The labels are copied to the
 * host at construction, so the field owns no tensor and needs no disposal; the model is borrowed. `forwardTimes` runs
 * as its evaluation pass (deterministic: no dropout).
 *
 * @param model - A class-conditional model (`classes` = K).
 * @param labels - One label per sample, in 0..K.
 * @returns The field; each call returns a new tensor shaped like x, owned by the caller.
 * @throws `InvalidArgumentError` naming `model` when it is not class-conditional, `labels` when they are not integers
 *   in 0..K (or not int32). The field throws `InvalidArgumentError` naming `t` (not finite) or `x`, and `ShapeError`
 *   naming `x` when its row count differs from the number of labels.
 * @example
 * ```ts
 * const threes = conditionalField(model, new Array(16).fill(3));
 * const { x } = await sample(threes, randomNormal([16, 2], 0), { method: 'rk4', steps: 20 });
 * ```
 * @see Ho & Salimans, "Classifier-Free Diffusion Guidance", 2022.
 */
export function conditionalField(model: TrainableField, labels: ClassLabels): VectorField {
  const classes = modelClasses('model', model);
  const values = hostLabels('labels', labels, classes);
  return (t, x) => {
    const n = assertConditionalBatch(t, x, values.length);
    return tf.tidy(() => model.forwardTimes(tf.fill([n], t), x, tf.tensor1d(values, 'int32')));
  };
}

/**
 * Checks one evaluation of a field with n fixed labels.
 *
 * @param t - Must be finite.
 * @param x - Must be a live float32 tensor of rank ≥ 2 with n rows.
 * @param n - The number of labels.
 * @returns n.
 * @throws `InvalidArgumentError` naming `t` or `x`; `ShapeError` naming `x`.
 */
export function assertConditionalBatch(t: unknown, x: unknown, n: number): number {
  assertFiniteNumber('t', t);
  const batch = assertTensor('x', x, { dtype: 'float32' });
  if (batch.rank < 2 || batch.shape[0] !== n) {
    throw new ShapeError('x', `[${n}, ...sampleShape] (one row per label)`, batch.shape);
  }
  return n;
}
