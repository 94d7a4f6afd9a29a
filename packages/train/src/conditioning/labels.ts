import { InvalidArgumentError } from '@gen/core';
import { assertTensor } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';

/**
 * The number of classes K of a class-conditional model.
 *
 * @param parameter - The name to report (e.g. `"model"`).
 * @param model - Any value; a class-conditional model has an integer `classes` ≥ 1.
 * @returns K.
 * @throws `InvalidArgumentError` naming `parameter` when the model is not class-conditional.
 */
export function modelClasses(parameter: string, model: unknown): number {
  const classes = (model as { classes?: unknown } | null)?.classes;
  if (typeof model !== 'function' || !Number.isSafeInteger(classes) || (classes as number) < 1) {
    throw new InvalidArgumentError(
      parameter,
      'a class-conditional model (with an integer classes K ≥ 1)',
      classes === undefined ? model : classes,
      'Build the model with classes, e.g. a U-Net with classes: 10.',
    );
  }
  return classes as number;
}

/**
 * Checks that every label is an integer in 0..K (K = "no class").
 *
 * @param parameter - The name to report (e.g. `"labels"`).
 * @param values - The labels on the host.
 * @param classes - K.
 * @throws `InvalidArgumentError` naming `parameter`, with the first bad index and value.
 */
export function assertLabelValues(parameter: string, values: ArrayLike<number>, classes: number): void {
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] as number;
    if (!(Number.isInteger(value) && value >= 0 && value <= classes)) {
      throw new InvalidArgumentError(
        parameter,
        `class labels in 0..${classes} (${classes} = no class)`,
        value,
        `At index ${i}.`,
      );
    }
  }
}

/**
 * Checks the labels given with a batch of n samples for a model: none for an unconditional model; for a model with
 * K classes, an int32 tensor [n] of values in 0..K (read back once, n integers).
 *
 * @param parameter - The name to report (e.g. `"labels"`).
 * @param labels - The labels, or `undefined`.
 * @param n - The batch's row count.
 * @param classes - The model's K, or `undefined` for an unconditional model.
 * @throws `InvalidArgumentError` naming `parameter` when labels are given to an unconditional model, are not a live
 *   int32 tensor, or hold a value outside 0..K; `ShapeError` naming `parameter` when the shape is not [n].
 */
export function assertBatchLabels(parameter: string, labels: unknown, n: number, classes: number | undefined): void {
  if (labels === undefined) return;
  if (classes === undefined) {
    throw new InvalidArgumentError(
      parameter,
      'no labels: the model is not class-conditional (its classes is unset)',
      labels,
      'Train a class-conditional model (classes: K) or leave the labels out.',
    );
  }
  const tensor = assertTensor(parameter, labels, { dtype: 'int32', shape: [n] });
  assertLabelValues(parameter, tensor.dataSync(), classes);
}

/**
 * The labels of a conditional field on the host: an int32 tensor [N] (read back once) or N integers, each in 0..K.
 *
 * @param parameter - The name to report (e.g. `"labels"`).
 * @param labels - The labels.
 * @param classes - K.
 * @returns A new Int32Array of the N labels.
 * @throws `InvalidArgumentError` naming `parameter` when labels are missing, empty, not int32, or out of range;
 *   `ShapeError` naming `parameter` for a tensor that is not rank 1.
 */
export function hostLabels(parameter: string, labels: unknown, classes: number): Int32Array {
  let values: ArrayLike<number>;
  if (labels instanceof tf.Tensor) {
    values = assertTensor(parameter, labels, { dtype: 'int32', rank: 1 }).dataSync();
  } else if (Array.isArray(labels) || labels instanceof Int32Array) {
    values = labels;
  } else {
    throw new InvalidArgumentError(parameter, 'class labels: an int32 tensor [N] or an array of N integers', labels);
  }
  if (values.length === 0) throw new InvalidArgumentError(parameter, 'at least one label', labels);
  assertLabelValues(parameter, values, classes);
  return Int32Array.from(values);
}
