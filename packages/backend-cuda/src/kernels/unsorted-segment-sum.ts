import * as tf from '@tensorflow/tfjs';
import { computeInFloat32 } from '../kernel-utils/cast.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';
import { matMulTensors } from '../kernel-utils/mat-mul.js';

/**
 * `UnsortedSegmentSum` on the cuda backend (the gradient of `tf.gather`, e.g. of an embedding table): out[s] = Σ
 * x[i] over the i with segmentIds[i] = s, as one SGEMM Oᵀ·x with O the one-hot matrix [count, numSegments] of the
 * ids (written on the device; an id outside [0, numSegments) gives a zero row, so it is dropped). float32, or int32
 * summed in float32.
 */
export const unsortedSegmentSumConfig: tf.KernelConfig = cudaKernel<
  { x: tf.TensorInfo; segmentIds: tf.TensorInfo },
  tf.UnsortedSegmentSumAttrs
>(tf.UnsortedSegmentSum, ({ x, segmentIds }, { numSegments }, backend) => {
  assertDtype(tf.UnsortedSegmentSum, x.dtype, ['float32', 'int32']);
  assertDtype(tf.UnsortedSegmentSum, segmentIds.dtype, ['int32']);
  const count = tf.util.sizeFromShape(segmentIds.shape);
  const rest = x.shape.slice(segmentIds.shape.length);
  const inner = tf.util.sizeFromShape(rest);
  return computeInFloat32(backend, [x], x.dtype, ([fx]) => {
    const oneHot = backend.makeOutput([count, numSegments], 'float32');
    if (count * numSegments > 0) {
      backend.binding.oneHot(backend.bufferId(segmentIds), backend.bufferId(oneHot), count, numSegments, 1, 0);
    }
    const rows = backend.share(fx as tf.TensorInfo, [count, inner]);
    const sums = matMulTensors(backend, oneHot, rows, true, false);
    backend.disposeIntermediate(oneHot);
    backend.disposeIntermediate(rows);
    const out = backend.share(sums, [numSegments, ...rest]);
    backend.disposeIntermediate(sums);
    return out;
  });
});
