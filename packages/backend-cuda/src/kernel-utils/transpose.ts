import type * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';
import type { DeviceDtype } from './dtype.js';
import { copyStrided } from './strided-copy.js';
import { rowMajorStrides } from './strides.js';

/**
 * `x` with its dimensions permuted (out.shape[i] = x.shape[perm[i]]), as one strided copy.
 *
 * @param backend - The backend owning `x`.
 * @param x - The tensor.
 * @param perm - A permutation of `0 … rank − 1`.
 * @returns A new tensor of `x`'s dtype.
 */
export function transposeTensor(backend: CudaBackend, x: tf.TensorInfo, perm: readonly number[]): tf.TensorInfo {
  const xStrides = rowMajorStrides(x.shape);
  const shape = perm.map((p) => x.shape[p] as number);
  const out = backend.makeOutput(shape, x.dtype as DeviceDtype);
  copyStrided(
    backend,
    { tensor: x, offset: 0, strides: perm.map((p) => xStrides[p] as number) },
    { tensor: out, offset: 0, strides: rowMajorStrides(shape) },
    shape,
  );
  return out;
}
