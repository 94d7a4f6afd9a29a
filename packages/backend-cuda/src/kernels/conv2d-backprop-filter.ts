import * as tf from '@tensorflow/tfjs';
import { assertChannelsLast, unrollConvPatches } from '../kernel-utils/conv.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';
import { matMulTensors } from '../kernel-utils/mat-mul.js';

/**
 * `Conv2DBackpropFilter` on the cuda backend (the filter gradient of `tf.conv2d`): dW = Pᵀ·dy with P the im2col
 * patches of x [n·oh·ow, kh·kw·cin] and dy viewed as [n·oh·ow, cout], one launch of the tiled SGEMM; NHWC float32,
 * dilation 1 (tfjs's conv2d gradient refuses larger ones).
 */
export const conv2DBackpropFilterConfig: tf.KernelConfig = cudaKernel<
  { x: tf.TensorInfo; dy: tf.TensorInfo },
  tf.Conv2DBackpropFilterAttrs
>(tf.Conv2DBackpropFilter, ({ x, dy }, { strides, pad, dataFormat, dimRoundingMode, filterShape }, backend) => {
  assertDtype(tf.Conv2DBackpropFilter, x.dtype, ['float32']);
  assertDtype(tf.Conv2DBackpropFilter, dy.dtype, ['float32']);
  assertChannelsLast(tf.Conv2DBackpropFilter, dataFormat);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const patches = unrollConvPatches(backend, x, info);
  const grads = backend.share(dy, [info.batchSize * info.outHeight * info.outWidth, info.outChannels]);
  const product = matMulTensors(backend, patches, grads, true, false);
  backend.disposeIntermediate(patches);
  backend.disposeIntermediate(grads);
  const out = backend.share(product, filterShape);
  backend.disposeIntermediate(product);
  return out;
});
