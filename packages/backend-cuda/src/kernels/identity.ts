import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';

/** `Identity` on the cuda backend (what `tf.clone` runs): the same buffer, one more reference. */
export const identityConfig: tf.KernelConfig = cudaKernel<{ x: tf.TensorInfo }>(tf.Identity, ({ x }, _attrs, backend) =>
  backend.share(x, x.shape),
);
