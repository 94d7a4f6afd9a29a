import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { sliceTensor } from '../kernel-utils/slice.js';

/** `Unpack` on the cuda backend (`tf.unstack`): one tensor per index along `axis`, that dimension removed. */
export const unpackConfig: tf.KernelConfig = cudaKernel<{ value: tf.TensorInfo }, tf.UnpackAttrs>(
  tf.Unpack,
  ({ value }, attrs, backend) => {
    const axis = tf.util.parseAxisParam(attrs.axis, value.shape)[0] as number;
    const count = value.shape[axis] as number;
    const size = value.shape.map((n, d) => (d === axis ? 1 : n));
    const outShape = value.shape.filter((_, d) => d !== axis);
    return Array.from({ length: count }, (_, i) => {
      const begin = value.shape.map((_, d) => (d === axis ? i : 0));
      const piece = sliceTensor(backend, value, begin, size);
      const out = backend.share(piece, outShape);
      backend.disposeIntermediate(piece);
      return out;
    });
  },
);
