import * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype, DEVICE_DTYPES } from '../kernel-utils/dtype.js';
import { fillTensor } from '../kernel-utils/fill.js';

/** `Fill` on the cuda backend (`tf.fill`, `tf.zeros`, `tf.ones`): a constant tensor written on the device. */
export const fillConfig: tf.KernelConfig = cudaKernel<Record<string, never>, tf.FillAttrs>(
  tf.Fill,
  (_inputs, { shape, value, dtype }, backend) => {
    assertDtype(tf.Fill, dtype, DEVICE_DTYPES);
    return fillTensor(backend, shape, dtype, Number(value));
  },
);
