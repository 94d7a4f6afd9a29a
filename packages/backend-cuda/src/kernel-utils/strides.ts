import { ShapeError } from '@gen/core';
import { MAX_RANK } from '../native/binding.js';

/**
 * Row-major strides in elements, one per dimension (the last is 1).
 *
 * @param shape - A tensor shape.
 * @returns Its strides, e.g. [6, 3, 1] for [2, 2, 3].
 */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d -= 1) {
    strides[d] = stride;
    stride *= shape[d] as number;
  }
  return strides;
}

/**
 * Strides that read a tensor of `shape` broadcast (numpy rules) to `outShape`: the shape is aligned to the right and
 * every dimension of size 1 (or missing) gets stride 0.
 *
 * @param shape - The operand's shape.
 * @param outShape - The broadcast shape (from `tf.backend_util.assertAndGetBroadcastShape`).
 * @returns One stride per dimension of `outShape`.
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = rowMajorStrides(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, d) => {
    const k = d - offset;
    return k < 0 || shape[k] === 1 ? 0 : (own[k] as number);
  });
}

/**
 * Packs a shape or stride list for the native addon, checking the rank limit of the strided kernels.
 *
 * @param values - Shape or strides.
 * @param name - What they are, for the error message.
 * @returns An Int32Array copy.
 * @throws `ShapeError` (from `@gen/core`) when the rank exceeds {@link MAX_RANK}.
 */
export function int32Dims(values: readonly number[], name: string): Int32Array {
  if (values.length > MAX_RANK) {
    throw new ShapeError(name, `of rank ≤ ${MAX_RANK} (the limit of the cuda backend's strided kernels)`, values);
  }
  return Int32Array.from(values);
}
