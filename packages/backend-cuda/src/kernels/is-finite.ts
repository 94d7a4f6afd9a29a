import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';

/** `IsFinite` on the cuda backend: whether each float32 element is neither ±∞ nor NaN (bool). */
export const isFiniteConfig: tf.KernelConfig = cudaKernel<{ x: tf.TensorInfo }>(
  tf.IsFinite,
  ({ x }, _attrs, backend) => {
    assertDtype(tf.IsFinite, x.dtype, ['float32']);
    const out = backend.makeOutput(x.shape, 'bool');
    const size = tf.util.sizeFromShape(x.shape);
    if (size > 0) backend.binding.isFinite(backend.bufferId(x), backend.bufferId(out), size);
    return out;
  },
);
