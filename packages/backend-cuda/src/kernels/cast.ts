import * as tf from '@tensorflow/tfjs';
import { castTensor } from '../kernel-utils/cast.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype, DEVICE_DTYPES } from '../kernel-utils/dtype.js';

/**
 * `Cast` on the cuda backend between float32, int32 and bool (float → int truncates toward zero; to bool: x ≠ 0);
 * a cast to the same dtype shares the buffer.
 */
export const castConfig: tf.KernelConfig = cudaKernel<{ x: tf.TensorInfo }, tf.CastAttrs>(
  tf.Cast,
  ({ x }, { dtype }, backend) => {
    assertDtype(tf.Cast, dtype, DEVICE_DTYPES);
    return castTensor(backend, x, dtype);
  },
);
