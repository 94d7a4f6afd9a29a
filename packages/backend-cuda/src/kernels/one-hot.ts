import * as tf from '@tensorflow/tfjs';
import { castTensor } from '../kernel-utils/cast.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';

/**
 * `OneHot` on the cuda backend: [...indices.shape, depth] with `onValue` where the last index equals the int32
 * index and `offValue` elsewhere, written as float32 on the device and cast when `dtype` is int32.
 */
export const oneHotConfig: tf.KernelConfig = cudaKernel<{ indices: tf.TensorInfo }, tf.OneHotAttrs>(
  tf.OneHot,
  ({ indices }, { depth, onValue, offValue, dtype }, backend) => {
    assertDtype(tf.OneHot, indices.dtype, ['int32']);
    assertDtype(tf.OneHot, dtype, ['float32', 'int32']);
    const n = tf.util.sizeFromShape(indices.shape);
    const values = backend.makeOutput([...indices.shape, depth], 'float32');
    if (n * depth > 0) {
      backend.binding.oneHot(backend.bufferId(indices), backend.bufferId(values), n, depth, onValue, offValue);
    }
    const out = castTensor(backend, values, dtype);
    backend.disposeIntermediate(values);
    return out;
  },
);
