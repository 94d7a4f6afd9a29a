import * as tf from '@tensorflow/tfjs';
import { CudaUnsupportedError } from '../errors/cuda-unsupported-error.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype, DEVICE_DTYPES } from '../kernel-utils/dtype.js';

/**
 * `GatherV2` on the cuda backend (`tf.gather` without batch dimensions): out[o, j, i] = x[o, indices[j], i] in one
 * launch, any dtype of `x`, int32 `indices`; an index outside [0, x.shape[axis]) gives 0 (as tfjs's webgl backend).
 */
export const gatherV2Config: tf.KernelConfig = cudaKernel<
  { x: tf.TensorInfo; indices: tf.TensorInfo },
  tf.GatherV2Attrs
>(tf.GatherV2, ({ x, indices }, attrs, backend) => {
  assertDtype(tf.GatherV2, x.dtype, DEVICE_DTYPES);
  assertDtype(tf.GatherV2, indices.dtype, ['int32']);
  if (attrs.batchDims !== 0) {
    throw new CudaUnsupportedError(`kernel '${tf.GatherV2}'`, 'batchDims', String(attrs.batchDims), ['0']);
  }
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0] as number;
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x, indices, axis, 0);
  const out = backend.makeOutput(info.outputShape, x.dtype);
  if (tf.util.sizeFromShape(info.outputShape) > 0) {
    backend.binding.gather(
      backend.bufferId(x),
      backend.bufferId(indices),
      backend.bufferId(out),
      info.outerSize,
      info.dimSize,
      info.sliceSize,
      tf.util.sizeFromShape(indices.shape),
      tf.util.bytesPerElement(x.dtype),
    );
  }
  return out;
});
