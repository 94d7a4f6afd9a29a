import type * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';
import type { DeviceDtype } from './dtype.js';
import { copyStrided } from './strided-copy.js';
import { rowMajorStrides } from './strides.js';

/**
 * The box `begin … begin + size` of `x`, as one strided copy.
 *
 * @param backend - The backend owning `x`.
 * @param x - The tensor.
 * @param begin - The first index along each dimension (validated by the caller).
 * @param size - The extent along each dimension.
 * @returns A new tensor of shape `size` and `x`'s dtype.
 */
export function sliceTensor(
  backend: CudaBackend,
  x: tf.TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): tf.TensorInfo {
  const strides = rowMajorStrides(x.shape);
  const out = backend.makeOutput(size, x.dtype as DeviceDtype);
  const offset = begin.reduce((sum, b, d) => sum + b * (strides[d] as number), 0);
  copyStrided(
    backend,
    { tensor: x, offset, strides },
    { tensor: out, offset: 0, strides: rowMajorStrides(size) },
    size,
  );
  return out;
}
