import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';

/** `ExpandDims` on the cuda backend: a size-1 dimension inserted at `dim`, sharing the buffer (no copy). */
export const expandDimsConfig: tf.KernelConfig = cudaKernel<{ input: tf.TensorInfo }, tf.ExpandDimsAttrs>(
  tf.ExpandDims,
  ({ input }, { dim }, backend) => {
    const rank = input.shape.length;
    const axis = dim < 0 ? dim + rank + 1 : dim;
    const shape = [...input.shape.slice(0, axis), 1, ...input.shape.slice(axis)];
    return backend.share(input, shape);
  },
);
