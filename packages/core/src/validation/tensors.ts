import * as tf from '@tensorflow/tfjs';
import { formatShape } from '../errors/describe.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeError } from '../errors/shape-error.js';

/** What {@link assertTensor} checks besides "is a tensor". */
export interface TensorExpectation {
  /** Required rank. */
  rank?: number;
  /** Required dtype. */
  dtype?: tf.DataType;
  /** Required shape; `null` entries match any size. */
  shape?: readonly (number | null)[];
}

/**
 * Checks that `value` is a live tensor of the expected rank, dtype and shape.
 *
 * @param parameter - The parameter's name for the error message.
 * @param value - The value to check.
 * @param expectation - Optional rank, dtype and shape (with `null` wildcards).
 * @returns `value`, typed as a tensor.
 * @throws {@link InvalidArgumentError} when `value` is not a tensor, is disposed, or has the wrong dtype;
 *   {@link ShapeError} when its rank or shape is wrong.
 * @example
 * ```ts
 * assertTensor('x', x, { rank: 2, shape: [null, 2], dtype: 'float32' });
 * ```
 */
export function assertTensor(parameter: string, value: unknown, expectation: TensorExpectation = {}): tf.Tensor {
  if (!(value instanceof tf.Tensor)) throw new InvalidArgumentError(parameter, 'a tf.Tensor', value);
  if (value.isDisposed) {
    throw new InvalidArgumentError(parameter, 'a live tensor', value, 'Keep the tensor alive until the call returns.');
  }
  const { rank, dtype, shape } = expectation;
  if (dtype !== undefined && value.dtype !== dtype) {
    throw new InvalidArgumentError(parameter, `dtype ${dtype}`, value, `Cast it with tensor.cast('${dtype}').`);
  }
  const expectedRank = shape?.length ?? rank;
  const pattern = shape ? formatShape(shape.map((d) => d ?? -1)).replaceAll('-1', '*') : `of rank ${rank}`;
  if (expectedRank !== undefined && value.rank !== expectedRank) throw new ShapeError(parameter, pattern, value.shape);
  if (shape?.some((d, i) => d !== null && d !== value.shape[i])) throw new ShapeError(parameter, pattern, value.shape);
  return value;
}

/**
 * Checks that every entry of a tensor is finite (reads the tensor back; call once at a public boundary,
 * never in a hot loop).
 *
 * @param parameter - The parameter's name for the error message.
 * @param value - The tensor to check; not disposed.
 * @throws {@link InvalidArgumentError} naming the first non-finite entry.
 * @example
 * ```ts
 * assertFiniteTensor('y0', y0);
 * ```
 */
export function assertFiniteTensor(parameter: string, value: tf.Tensor): void {
  const data = value.dataSync();
  for (let i = 0; i < data.length; i += 1) {
    const v = data[i] as number;
    if (!Number.isFinite(v)) {
      throw new InvalidArgumentError(parameter, 'finite entries', value, `Entry ${i} (flat index) is ${v}.`);
    }
  }
}
