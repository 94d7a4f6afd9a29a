import * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';
import { CudaUnsupportedError } from '../errors/cuda-unsupported-error.js';
import { fillTensor } from './fill.js';
import { matMulTensors } from './mat-mul.js';
import { copyStrided } from './strided-copy.js';
import { rowMajorStrides } from './strides.js';

/**
 * Checks what the cuda backend's conv kernels implement: NHWC (`dataFormat` 'NHWC' or 'channelsLast'), float32.
 *
 * @param kernel - The tfjs kernel name, for the error message.
 * @param dataFormat - The kernel's data format attribute.
 * @throws `CudaUnsupportedError` for NCHW.
 */
export function assertChannelsLast(kernel: string, dataFormat: string): void {
  if (dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new CudaUnsupportedError(`kernel '${kernel}'`, 'dataFormat', dataFormat, ['NHWC']);
  }
}

/** An NHWC image batch in a buffer, with the window grid to unroll from it. */
interface PatchSource {
  /** [n, height, width, channels], float32. */
  readonly image: tf.TensorInfo;
  /** Row and column of the first window's top-left element (inside `image`). */
  readonly originY: number;
  readonly originX: number;
  /** The window grid: outHeight × outWidth windows of filterHeight × filterWidth, at these strides and dilations. */
  readonly outHeight: number;
  readonly outWidth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
}

/**
 * im2col: the windows of `source` unrolled into patches [n·outHeight·outWidth, filterHeight·filterWidth·channels]
 * (row (n, y, x), column (i, j, c)), in one strided copy (windows overlap in the source; each patch is its own copy).
 *
 * @param backend - The backend owning the image.
 * @param source - The image and window grid; every window must lie inside the image (pad it first).
 * @returns A new float32 tensor.
 */
export function unrollPatches(backend: CudaBackend, source: PatchSource): tf.TensorInfo {
  const [n, , width, channels] = source.image.shape as [number, number, number, number];
  const { outHeight, outWidth, filterHeight, filterWidth } = source;
  const rowStride = width * channels;
  const imageStride = tf.util.sizeFromShape(source.image.shape.slice(1));
  const patchShape = [n, outHeight, outWidth, filterHeight, filterWidth, channels];
  const patches = backend.makeOutput([n * outHeight * outWidth, filterHeight * filterWidth * channels], 'float32');
  copyStrided(
    backend,
    {
      tensor: source.image,
      offset: source.originY * rowStride + source.originX * channels,
      strides: [
        imageStride,
        source.strideHeight * rowStride,
        source.strideWidth * channels,
        source.dilationHeight * rowStride,
        source.dilationWidth * channels,
        1,
      ],
    },
    { tensor: patches, offset: 0, strides: rowMajorStrides(patchShape) },
    patchShape,
  );
  return patches;
}

/**
 * An NHWC image placed in a zero-filled [n, height, width, c] canvas at (top, left), its rows and columns spread
 * `spread` apart (1: padding only; s: the zero-inserted image of a transposed stride-s conv). Rows or columns that
 * would fall outside the canvas are left out.
 *
 * @param backend - The backend owning `x`.
 * @param x - [n, h, w, c] float32.
 * @param canvas - The canvas [height, width].
 * @param top - Canvas row of x's first row.
 * @param left - Canvas column of x's first column.
 * @param spread - Canvas rows (and columns) between neighbouring rows (columns) of x.
 * @returns A new float32 tensor [n, height, width, c].
 */
export function placeOnCanvas(
  backend: CudaBackend,
  x: tf.TensorInfo,
  canvas: readonly [number, number],
  top: number,
  left: number,
  spread: readonly [number, number],
): tf.TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [height, width] = canvas;
  const out = fillTensor(backend, [n, height, width, c], 'float32', 0);
  const fits = (start: number, count: number, step: number, size: number) =>
    Math.max(0, Math.min(count, Math.floor((size - 1 - start) / step) + 1));
  const rows = fits(top, h, spread[0], height);
  const cols = fits(left, w, spread[1], width);
  const outStrides = rowMajorStrides([n, height, width, c]);
  copyStrided(
    backend,
    { tensor: x, offset: 0, strides: rowMajorStrides(x.shape) },
    {
      tensor: out,
      offset: top * (outStrides[1] as number) + left * c,
      strides: [outStrides[0] as number, spread[0] * (outStrides[1] as number), spread[1] * c, 1],
    },
    [n, rows, cols, c],
  );
  return out;
}

/**
 * conv2d on NHWC float32 by im2col: pad, unroll the windows, one SGEMM with the filter [kh·kw·cin, cout].
 *
 * @param backend - The backend owning the operands.
 * @param x - [n, h, w, cin].
 * @param filter - [kh, kw, cin, cout].
 * @param info - tfjs's conv geometry (padding, strides, dilations, output size).
 * @returns A new float32 tensor [n, outHeight, outWidth, cout].
 */
export function convolve(
  backend: CudaBackend,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const patches = unrollConvPatches(backend, x, info);
  const kernel = backend.share(filter, [info.filterHeight * info.filterWidth * info.inChannels, info.outChannels]);
  const product = matMulTensors(backend, patches, kernel, false, false);
  backend.disposeIntermediate(patches);
  backend.disposeIntermediate(kernel);
  const out = backend.share(product, info.outShape);
  backend.disposeIntermediate(product);
  return out;
}

/**
 * The im2col patches of a conv's input: `x` padded as `info` says (a copy only when it pads), then unrolled.
 *
 * @param backend - The backend owning `x`.
 * @param x - [n, h, w, cin] float32.
 * @param info - tfjs's conv geometry.
 * @returns A new float32 tensor [n·outHeight·outWidth, kh·kw·cin].
 */
export function unrollConvPatches(
  backend: CudaBackend,
  x: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { top, bottom, left, right } = info.padInfo;
  const padded =
    top === 0 && bottom === 0 && left === 0 && right === 0
      ? backend.share(x, x.shape)
      : placeOnCanvas(backend, x, [info.inHeight + top + bottom, info.inWidth + left + right], top, left, [1, 1]);
  const patches = unrollPatches(backend, {
    image: padded,
    originY: 0,
    originX: 0,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
  });
  backend.disposeIntermediate(padded);
  return patches;
}
