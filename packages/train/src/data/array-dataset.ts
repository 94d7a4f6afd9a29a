import { InvalidArgumentError, Rng, ShapeError } from '@gen/core';
import { assertTensor } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { type Dataset, defineDataset } from './dataset.js';

/** A {@link Dataset} backed by a finite table of points held on the host. */
export interface ArrayDataset extends Dataset {
  /** The number of rows N. */
  readonly size: number;
  /** The column names, when the source had them (a CSV header), else `undefined`. */
  readonly columns: readonly string[] | undefined;
  /** Every row, row-major N·D float64 values; shared, do not modify. */
  readonly values: Float64Array;
  /**
   * All rows as one tensor.
   *
   * @returns A float32 tensor [N, D], owned by the caller.
   */
  toTensor(): tf.Tensor;
}

/** Options of {@link datasetFromArray} and {@link datasetFromTensor}. */
export interface ArrayDatasetOptions {
  /** The dataset's name (default `"array"` or `"tensor"`). */
  name?: string;
  /** Column names, one per dimension. */
  columns?: readonly string[];
}

/**
 * A dataset over the given rows; `sample(n, seed)` draws n rows uniformly with replacement.
 *
 * @remarks
 * The rows are copied (as float64) once; minibatches are gathered on the host from indices drawn by the core
 * `Rng` with `seed`, so they are reproducible and independent of the backend, and uploaded as float32.
 *
 * @param rows - N ≥ 1 rows of D ≥ 1 finite numbers each.
 * @param options - Name and column names.
 * @returns The dataset; it holds no tensors.
 * @throws `InvalidArgumentError` naming `rows` (not an array of arrays), `rows[i][j]` (not a finite number) or
 *   `options.columns`; `ShapeError` naming `rows` (empty) or `rows[i]` (length differs from row 0).
 * @example
 * ```ts
 * const data = datasetFromArray([[0, 1], [2, 3], [4, 5]]);
 * const batch = data.sample(2, 7); // two of the rows, [2, 2]
 * batch.dispose();
 * ```
 */
export function datasetFromArray(
  rows: readonly (readonly number[])[],
  options: ArrayDatasetOptions = {},
): ArrayDataset {
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw new InvalidArgumentError('rows', 'an array of rows (arrays of numbers)', rows);
  }
  const first = rows[0];
  if (first === undefined || first.length === 0) throw new ShapeError('rows', '[N ≥ 1, D ≥ 1]', [rows.length, 0]);
  const d = first.length;
  const values = new Float64Array(rows.length * d);
  for (const [i, row] of rows.entries()) {
    if (row.length !== d) throw new ShapeError(`rows[${i}]`, `[${d}] (the length of rows[0])`, [row.length]);
    for (const [j, value] of row.entries()) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidArgumentError(`rows[${i}][${j}]`, 'a finite number', value);
      }
      values[i * d + j] = value;
    }
  }
  return arrayDataset(values, d, { name: 'array', ...options });
}

/**
 * A dataset over the rows of a 2-D tensor; `sample(n, seed)` draws n rows uniformly with replacement.
 *
 * @remarks
 * Reads the tensor back once and keeps a host copy, so the caller keeps ownership of `x` and may dispose it.
 *
 * @param x - A float32 or int32 tensor [N, D], N, D ≥ 1, finite; not disposed.
 * @param options - Name and column names.
 * @returns The dataset; it holds no tensors.
 * @throws `InvalidArgumentError` naming `x` (not a live tensor, another dtype, a non-finite entry) or
 *   `options.columns`; `ShapeError` naming `x` (not rank 2, or empty).
 * @example
 * ```ts
 * const data = datasetFromTensor(tf.randomNormal([1000, 3]));
 * ```
 */
export function datasetFromTensor(x: tf.Tensor, options: ArrayDatasetOptions = {}): ArrayDataset {
  assertTensor('x', x, { rank: 2 });
  if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new InvalidArgumentError('x', 'dtype float32 or int32', x);
  const [n, d] = x.shape as [number, number];
  if (n < 1 || d < 1) throw new ShapeError('x', '[N ≥ 1, D ≥ 1]', x.shape);
  const values = Float64Array.from(x.dataSync());
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new InvalidArgumentError(
      'x',
      'finite entries',
      x,
      `Entry (${Math.floor(bad / d)}, ${bad % d}) is ${values[bad]}.`,
    );
  }
  return arrayDataset(values, d, { name: 'tensor', ...options });
}

/**
 * An {@link ArrayDataset} over validated row-major values (the shared back end of the array, tensor, CSV and NPY
 * constructors).
 *
 * @param values - N·D finite values, row-major; kept, not copied.
 * @param d - The dimension D ≥ 1 (N = values.length / D ≥ 1).
 * @param options - The name (required here) and optional column names.
 * @returns The dataset.
 * @throws `InvalidArgumentError` naming `options.columns` when it is not D strings.
 */
export function arrayDataset(
  values: Float64Array,
  d: number,
  options: ArrayDatasetOptions & { name: string },
): ArrayDataset {
  const size = values.length / d;
  const { name, columns } = options;
  if (
    columns !== undefined &&
    (!Array.isArray(columns) || columns.length !== d || !columns.every((c) => typeof c === 'string'))
  ) {
    throw new InvalidArgumentError('options.columns', `${d} column names (strings)`, columns);
  }
  const draw = (n: number, seed: number): Float64Array => {
    const rng = new Rng(seed);
    const batch = new Float64Array(n * d);
    for (let row = 0; row < n; row += 1) {
      const from = rng.integer(size) * d;
      batch.set(values.subarray(from, from + d), row * d);
    }
    return batch;
  };
  return {
    ...defineDataset(name, d, draw),
    size,
    columns: columns === undefined ? undefined : Object.freeze([...columns]),
    values,
    toTensor: () => tf.tensor2d(Float32Array.from(values), [size, d], 'float32'),
  };
}
