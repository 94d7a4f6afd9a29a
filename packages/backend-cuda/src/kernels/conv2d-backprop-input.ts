import * as tf from '@tensorflow/tfjs';
import { assertChannelsLast, placeOnCanvas, unrollPatches } from '../kernel-utils/conv.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';
import { matMulTensors } from '../kernel-utils/mat-mul.js';
import { copyStrided } from '../kernel-utils/strided-copy.js';
import { rowMajorStrides } from '../kernel-utils/strides.js';

/**
 * `Conv2DBackpropInput` on the cuda backend (the input gradient of `tf.conv2d`, and `tf.conv2dTranspose`) as a
 * stride-1 conv: dy is spread onto a zero canvas (its rows and columns `stride` apart, starting kh − 1 and kw − 1 in),
 * the windows starting at (padTop, padLeft) are unrolled, and one SGEMM multiplies them by the filter flipped in both
 * spatial axes with its channel axes swapped ([kh·kw·cout, cin], one strided copy with negative strides): dx[n, y, x,
 * ci] = Σ dy[n, (y + top − i)/s, (x + left − j)/s, co]·W[i, j, ci, co] over the terms whose quotients are whole.
 * NHWC float32, dilation 1.
 */
export const conv2DBackpropInputConfig: tf.KernelConfig = cudaKernel<
  { dy: tf.TensorInfo; filter: tf.TensorInfo },
  tf.Conv2DBackpropInputAttrs
>(tf.Conv2DBackpropInput, ({ dy, filter }, { inputShape, strides, pad, dataFormat, dimRoundingMode }, backend) => {
  assertDtype(tf.Conv2DBackpropInput, dy.dtype, ['float32']);
  assertDtype(tf.Conv2DBackpropInput, filter.dtype, ['float32']);
  assertChannelsLast(tf.Conv2DBackpropInput, dataFormat);
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { filterHeight: kh, filterWidth: kw, inChannels, outChannels, padInfo } = info;
  // dy's row r lands on canvas row kh − 1 + r·sH; dx's row y reads canvas rows y + top … y + top + kh − 1, so rows
  // past the last one read (dy rows that reach no input row) are left off the canvas.
  const canvas: [number, number] = [info.inHeight + padInfo.top + kh - 1, info.inWidth + padInfo.left + kw - 1];
  const spread = placeOnCanvas(backend, dy, canvas, kh - 1, kw - 1, [info.strideHeight, info.strideWidth]);
  const patches = unrollPatches(backend, {
    image: spread,
    originY: padInfo.top,
    originX: padInfo.left,
    outHeight: info.inHeight,
    outWidth: info.inWidth,
    filterHeight: kh,
    filterWidth: kw,
    strideHeight: 1,
    strideWidth: 1,
    dilationHeight: 1,
    dilationWidth: 1,
  });
  backend.disposeIntermediate(spread);
  // flipped[i, j, co, ci] = W[kh − 1 − i, kw − 1 − j, ci, co]
  const flipped = backend.makeOutput([kh * kw * outChannels, inChannels], 'float32');
  const [strideKh, strideKw, strideCi] = rowMajorStrides(filter.shape) as [number, number, number];
  copyStrided(
    backend,
    { tensor: filter, offset: (kh - 1) * strideKh + (kw - 1) * strideKw, strides: [-strideKh, -strideKw, 1, strideCi] },
    { tensor: flipped, offset: 0, strides: rowMajorStrides([kh, kw, outChannels, inChannels]) },
    [kh, kw, outChannels, inChannels],
  );
  const product = matMulTensors(backend, patches, flipped, false, false);
  backend.disposeIntermediate(patches);
  backend.disposeIntermediate(flipped);
  const out = backend.share(product, inputShape);
  backend.disposeIntermediate(product);
  return out;
});
