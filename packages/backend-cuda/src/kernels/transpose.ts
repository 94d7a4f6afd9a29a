import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { transposeTensor } from '../kernel-utils/transpose.js';

/** `Transpose` on the cuda backend: dimensions permuted by `perm`, as one strided copy (any dtype). */
export const transposeConfig: tf.KernelConfig = cudaKernel<{ x: tf.TensorInfo }, tf.TransposeAttrs>(
  tf.Transpose,
  ({ x }, { perm }, backend) => transposeTensor(backend, x, perm),
);
