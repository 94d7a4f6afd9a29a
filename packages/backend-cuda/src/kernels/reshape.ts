import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';

/** `Reshape` on the cuda backend: the same device buffer under a new shape (one more reference, no copy). */
export const reshapeConfig: tf.KernelConfig = cudaKernel<{ x: tf.TensorInfo }, tf.ReshapeAttrs>(
  tf.Reshape,
  ({ x }, { shape }, backend) =>
    backend.share(x, tf.util.inferFromImplicitShape(shape, tf.util.sizeFromShape(x.shape))),
);
