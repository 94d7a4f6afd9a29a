import * as tf from '@tensorflow/tfjs';
import { assertChannelsLast, convolve } from '../kernel-utils/conv.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';

/**
 * `Conv2D` on the cuda backend (`tf.conv2d`): NHWC float32, any strides, dilations and padding ('same', 'valid', a
 * number or explicit pairs), by im2col — the padded input's windows unrolled in one strided copy, then one launch of
 * the tiled SGEMM with the filter viewed as [kh·kw·cin, cout].
 */
export const conv2DConfig: tf.KernelConfig = cudaKernel<{ x: tf.TensorInfo; filter: tf.TensorInfo }, tf.Conv2DAttrs>(
  tf.Conv2D,
  ({ x, filter }, { strides, pad, dataFormat, dilations, dimRoundingMode }, backend) => {
    assertDtype(tf.Conv2D, x.dtype, ['float32']);
    assertDtype(tf.Conv2D, filter.dtype, ['float32']);
    assertChannelsLast(tf.Conv2D, dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
    );
    return convolve(backend, x, filter, info);
  },
);
