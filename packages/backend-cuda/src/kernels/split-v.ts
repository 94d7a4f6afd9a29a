import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { sliceTensor } from '../kernel-utils/slice.js';

/** `SplitV` on the cuda backend (`tf.split`): consecutive slices along `axis`, one strided copy each. */
export const splitVConfig: tf.KernelConfig = cudaKernel<{ x: tf.TensorInfo }, tf.SplitVAttrs>(
  tf.SplitV,
  ({ x }, attrs, backend) => {
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0] as number;
    const sizes = tf.backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis);
    let start = 0;
    return sizes.map((n) => {
      const begin = x.shape.map((_, d) => (d === axis ? start : 0));
      const size = x.shape.map((extent, d) => (d === axis ? n : extent));
      start += n;
      return sliceTensor(backend, x, begin, size);
    });
  },
);
