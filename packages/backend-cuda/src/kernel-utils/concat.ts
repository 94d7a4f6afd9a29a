import * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';
import type { DeviceDtype } from './dtype.js';
import { copyStrided } from './strided-copy.js';
import { rowMajorStrides } from './strides.js';

/**
 * The tensors joined along `axis`: one strided copy of each input into its slab of the output.
 *
 * @param backend - The backend owning the inputs.
 * @param inputs - At least one tensor; all of one dtype and rank, equal shapes apart from `axis`.
 * @param axis - A non-negative axis.
 * @returns A new tensor.
 */
export function concatTensors(backend: CudaBackend, inputs: readonly tf.TensorInfo[], axis: number): tf.TensorInfo {
  const first = inputs[0] as tf.TensorInfo;
  const shapes = inputs.map((x) => x.shape);
  tf.backend_util.assertParamsConsistent(shapes, axis);
  const outShape = tf.backend_util.computeOutShape(shapes, axis);
  const out = backend.makeOutput(outShape, first.dtype as DeviceDtype);
  const outStrides = rowMajorStrides(outShape);
  let start = 0;
  for (const x of inputs) {
    copyStrided(
      backend,
      { tensor: x, offset: 0, strides: rowMajorStrides(x.shape) },
      { tensor: out, offset: start * (outStrides[axis] as number), strides: outStrides },
      x.shape,
    );
    start += x.shape[axis] as number;
  }
  return out;
}
