import * as tf from '@tensorflow/tfjs';
import { datasetFromArray, datasetFromTensor } from './array-dataset.js';

/** A table to write: a 2-D tensor, or rows of numbers. */
export type TableSource = tf.Tensor | readonly (readonly number[])[];

/** A validated table, row-major, with the precision it came in. */
export interface HostTable {
  /** N·D values, row-major. */
  readonly values: Float64Array;
  /** The number of rows N ≥ 1. */
  readonly rows: number;
  /** The number of columns D ≥ 1. */
  readonly cols: number;
  /** Whether the values are float32 numbers (from a tensor) rather than float64 ones (from arrays). */
  readonly float32: boolean;
}

/**
 * Validates what a writer received and reads it to the host.
 *
 * @param source - A float32/int32 tensor [N, D] (parameter name `source`; not disposed) or N rows of D finite
 *   numbers.
 * @returns The table.
 * @throws `InvalidArgumentError` / `ShapeError` naming `source` (or the offending row or entry).
 */
export function hostTable(source: TableSource): HostTable {
  if (source instanceof tf.Tensor) {
    const { values, size, dim } = datasetFromTensor(source);
    return { values, rows: size, cols: dim, float32: true };
  }
  const { values, size, dim } = datasetFromArray(source);
  return { values, rows: size, cols: dim, float32: false };
}
