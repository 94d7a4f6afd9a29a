import * as tf from '@tensorflow/tfjs';
import { heapView, runWasmKernel, type WasmHeapBackend, withTemporaries } from './wasm-heap.js';

/**
 * `Conv2DBackpropInput` for tfjs-backend-wasm, in place of 4.22's (a plain loop, about 30× slower than its XNNPACK
 * forward convolution): dx[n, a, b, ci] = Σ dy[n, y, x, co] · W[i, j, ci, co] over sH·y + i − top = a and
 * sW·x + j − left = b.
 *
 * @remarks
 * NHWC, float32, dilation 1, any stride and padding. dy is spread on a zero grid E [n, H + kh − 1, W + kw − 1,
 * cout], dy[n, y, x] at (sH·y + kh − 1 − top, sW·x + kw − 1 − left) (entries that fall outside reach no input
 * pixel), and dx is the wasm backend's XNNPACK `Conv2D` of E, `'valid'` and stride 1, with the filter rotated by
 * 180° and its channel axes swapped ([kh, kw, cout, cin]).
 *
 * @example
 * ```ts
 * tf.registerKernel(conv2DBackpropInputWasmConfig); // done by initBackend
 * const dx = tf.grad((x: tf.Tensor4D) => tf.sum(tf.conv2d(x, filter, 2, 1)))(x);
 * ```
 */
export const conv2DBackpropInputWasmConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { dy, filter } = inputs as unknown as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (dataFormat !== 'NHWC') {
      throw new Error(`Conv2DBackpropInput on wasm supports dataFormat NHWC only, got ${dataFormat}.`);
    }
    if (dy.dtype !== 'float32' || filter.dtype !== 'float32') {
      throw new Error(`Conv2DBackpropInput on wasm supports float32 only, got ${dy.dtype} and ${filter.dtype}.`);
    }
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    return inputGradient(backend as WasmHeapBackend, dy, filter, info);
  },
};

function inputGradient(
  backend: WasmHeapBackend,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outChannels } = info;
  const { filterHeight: kh, filterWidth: kw } = info;
  if (tf.util.sizeFromShape(info.inShape) === 0 || kh * kw * outChannels === 0) {
    const zeros = backend.makeOutput(info.inShape, 'float32');
    backend.typedArrayFromHeap(zeros).fill(0);
    return zeros;
  }
  return withTemporaries(backend, (made) => {
    const spread = backend.makeOutput([batchSize, inHeight + kh - 1, inWidth + kw - 1, outChannels], 'float32');
    made.push(spread);
    const rotated = backend.makeOutput([kh, kw, outChannels, inChannels], 'float32');
    made.push(rotated);
    const { heap, base } = heapView(backend, spread);
    writeSpreadGradients(heap, base, heapView(backend, dy).base, info);
    writeRotatedFilter(heap, heapView(backend, rotated).base, heapView(backend, filter).base, info);
    const dx = runWasmKernel(
      backend,
      tf.Conv2D,
      { x: spread, filter: rotated },
      {
        strides: [1, 1],
        pad: 'valid',
        dataFormat: 'NHWC',
        dilations: [1, 1],
      },
    );
    backend.disposeData(spread.dataId);
    backend.disposeData(rotated.dataId);
    return dx;
  });
}

/** Writes E [n, H + kh − 1, W + kw − 1, cout] at heap[base…]: dy (at heap[dyBase…]) spread on zeros. */
function writeSpreadGradients(
  heap: Float32Array | Int32Array,
  base: number,
  dyBase: number,
  info: tf.backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, outHeight, outWidth, outChannels, padInfo } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const height = inHeight + kh - 1;
  const width = inWidth + kw - 1;
  heap.fill(0, base, base + batchSize * height * width * outChannels);
  const top = kh - 1 - padInfo.top;
  const left = kw - 1 - padInfo.left;
  // The dy columns x whose cell sW·x + left lies on the grid: [xFirst, xEnd).
  const xFirst = Math.max(0, Math.ceil(-left / sw));
  const xEnd = Math.max(xFirst, Math.min(outWidth, Math.floor((width - 1 - left) / sw) + 1));
  for (let n = 0; n < batchSize; n += 1) {
    for (let y = 0; y < outHeight; y += 1) {
      const row = sh * y + top;
      if (row < 0 || row >= height) continue;
      const source = dyBase + (n * outHeight + y) * outWidth * outChannels;
      const target = base + ((n * height + row) * width + left) * outChannels;
      if (sw === 1) {
        heap.copyWithin(target + xFirst * outChannels, source + xFirst * outChannels, source + xEnd * outChannels);
        continue;
      }
      for (let x = xFirst; x < xEnd; x += 1) {
        const from = source + x * outChannels;
        heap.copyWithin(target + sw * x * outChannels, from, from + outChannels);
      }
    }
  }
}

/** Writes W' [kh, kw, cout, cin] at heap[base…], W'[i, j, co, ci] = W[kh − 1 − i, kw − 1 − j, ci, co]. */
function writeRotatedFilter(
  heap: Float32Array | Int32Array,
  base: number,
  filterBase: number,
  info: tf.backend_util.Conv2DInfo,
): void {
  const { inChannels, outChannels, filterHeight: kh, filterWidth: kw } = info;
  let p = base;
  for (let i = 0; i < kh; i += 1) {
    for (let j = 0; j < kw; j += 1) {
      const tap = filterBase + ((kh - 1 - i) * kw + (kw - 1 - j)) * inChannels * outChannels;
      for (let co = 0; co < outChannels; co += 1) {
        for (let ci = 0; ci < inChannels; ci += 1) heap[p++] = heap[tap + ci * outChannels + co] as number;
      }
    }
  }
}
