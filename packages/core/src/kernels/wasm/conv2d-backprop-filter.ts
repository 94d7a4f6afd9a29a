import * as tf from '@tensorflow/tfjs';
import { heapView, type WasmHeapBackend, withTemporaries } from './wasm-heap.js';

/** Largest im2col block, in float32 entries (16 MiB): images are processed in chunks that fit it. */
const PATCH_BLOCK = 4 * 1024 * 1024;

/**
 * `Conv2DBackpropFilter` for tfjs-backend-wasm, which 4.22 lacks (so `tf.grad` of `tf.conv2d` with respect to the
 * filter throws there): dW[kh, kw, ci, co] = Σₙ,ᵧ,ₓ x[n, y·sH − top + kh, x·sW − left + kw, ci] · dy[n, y, x, co].
 *
 * @remarks
 * NHWC, float32, dilation 1 (tfjs's conv2d gradient refuses larger dilations), any stride and padding (`'same'`,
 * `'valid'`, a number or explicit pairs). `x` is transposed to channel-major [cin, n, h, w] by the wasm backend's
 * `Transpose`; then, a few images at a time, the transposed patch matrix Pᵀ [kh·kw·cin, rows] (im2col, zeros where
 * the window leaves the image) is written on the heap with one `copyWithin` per window row, and Pᵀ·dy [rows, cout]
 * (dy's rows as they lie) is computed by the wasm backend's `BatchMatMul` (XNNPACK; its untransposed form, several
 * times faster than its transposed ones) and summed into dW. The output is dW [kh, kw, cin, cout].
 *
 * @example
 * ```ts
 * tf.registerKernel(conv2DBackpropFilterWasmConfig); // done by initBackend
 * const dw = tf.grad((f: tf.Tensor4D) => tf.sum(tf.conv2d(x, f, 1, 'same')))(filter);
 * ```
 */
export const conv2DBackpropFilterWasmConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { x, dy } = inputs as unknown as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (dataFormat !== 'NHWC') {
      throw new Error(`Conv2DBackpropFilter on wasm supports dataFormat NHWC only, got ${dataFormat}.`);
    }
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
      throw new Error(`Conv2DBackpropFilter on wasm supports float32 only, got ${x.dtype} and ${dy.dtype}.`);
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    return filterGradient(backend as WasmHeapBackend, x, dy, info);
  },
};

function filterGradient(
  backend: WasmHeapBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { batchSize, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight: kh, filterWidth: kw } = info;
  const patchWidth = kh * kw * inChannels;
  const rowsPerImage = outHeight * outWidth;
  const imagesPerBlock = Math.max(1, Math.min(batchSize, Math.floor(PATCH_BLOCK / (rowsPerImage * patchWidth))));
  const run = (kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo =>
    (tf.getKernel(kernelName, 'wasm') as tf.KernelConfig).kernelFunc({ inputs, attrs, backend }) as tf.TensorInfo;
  return withTemporaries(backend, (made) => {
    const out = backend.makeOutput([kh, kw, inChannels, outChannels], 'float32');
    made.push(out);
    backend.typedArrayFromHeap(out).fill(0);
    if (rowsPerImage === 0 || patchWidth === 0 || outChannels === 0 || batchSize === 0) return out;
    const channelMajor = run(tf.Transpose, { x }, { perm: [3, 0, 1, 2] });
    made.push(channelMajor);
    const release = (temporary: tf.TensorInfo) => {
      backend.disposeData(temporary.dataId);
      made.splice(made.indexOf(temporary), 1);
    };
    for (let first = 0; first < batchSize; first += imagesPerBlock) {
      const images = Math.min(imagesPerBlock, batchSize - first);
      const rows = images * rowsPerImage;
      const patches = backend.makeOutput([1, patchWidth, rows], 'float32');
      made.push(patches);
      const { heap, base } = heapView(backend, patches);
      writeTransposedPatches(heap, base, heapView(backend, channelMajor).base, info, first, images);
      // dy's rows of these images, as a [1, rows, cout] view of its data (the kernel reshapes it; no copy).
      const grads = { dataId: dy.dataId, shape: [1, rows, outChannels], dtype: dy.dtype };
      const block =
        first === 0 && images === batchSize
          ? run(tf.BatchMatMul, { a: patches, b: grads }, { transposeA: false, transposeB: false })
          : blockProduct(backend, run, made, patches, dy, first * rowsPerImage * outChannels, rows, outChannels);
      made.push(block);
      const { heap: h, base: outBase } = heapView(backend, out);
      const blockBase = heapView(backend, block).base;
      for (let k = 0; k < patchWidth * outChannels; k += 1) {
        h[outBase + k] = (h[outBase + k] as number) + (h[blockBase + k] as number);
      }
      release(patches);
      release(block);
    }
    release(channelMajor);
    return out;
  });
}

/** Pᵀ·dy for the dy rows [start, start + rows·cout) of a block: those rows copied out, multiplied, released. */
function blockProduct(
  backend: WasmHeapBackend,
  run: (kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap) => tf.TensorInfo,
  made: tf.TensorInfo[],
  patches: tf.TensorInfo,
  dy: tf.TensorInfo,
  start: number,
  rows: number,
  outChannels: number,
): tf.TensorInfo {
  const grads = backend.makeOutput([1, rows, outChannels], 'float32');
  made.push(grads);
  const { heap, base } = heapView(backend, grads);
  const dyBase = heapView(backend, dy).base + start;
  heap.copyWithin(base, dyBase, dyBase + rows * outChannels);
  const block = run(tf.BatchMatMul, { a: patches, b: grads }, { transposeA: false, transposeB: false });
  backend.disposeData(grads.dataId);
  made.splice(made.indexOf(grads), 1);
  return block;
}

/**
 * Writes Pᵀ [kh·kw·cin, rows] for images [first, first + images) at heap[base…], reading the channel-major input
 * [cin, n, h, w] at heap[xBase…]: entry (i, j, ci; n, oy, ox) = x[ci, n, oy·sH − top + i, ox·sW − left + j], or 0
 * outside the image.
 */
function writeTransposedPatches(
  heap: Float32Array | Int32Array,
  base: number,
  xBase: number,
  info: tf.backend_util.Conv2DInfo,
  first: number,
  images: number,
): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, padInfo } = info;
  let p = base;
  for (let i = 0; i < kh; i += 1) {
    for (let j = 0; j < kw; j += 1) {
      // The output columns whose window column j lies inside the image: ox in [oxFirst, oxEnd).
      const oxFirst = Math.min(outWidth, Math.max(0, Math.ceil((padInfo.left - j) / sw)));
      const oxEnd = Math.max(oxFirst, Math.min(outWidth, Math.floor((inWidth - 1 + padInfo.left - j) / sw) + 1));
      for (let ci = 0; ci < inChannels; ci += 1) {
        for (let n = first; n < first + images; n += 1) {
          const image = xBase + (ci * batchSize + n) * inHeight * inWidth;
          for (let oy = 0; oy < outHeight; oy += 1) {
            const iy = oy * sh - padInfo.top + i;
            if (iy < 0 || iy >= inHeight) {
              heap.fill(0, p, p + outWidth);
            } else {
              const row = image + iy * inWidth - padInfo.left + j;
              heap.fill(0, p, p + oxFirst);
              if (sw === 1) heap.copyWithin(p + oxFirst, row + oxFirst, row + oxEnd);
              else for (let ox = oxFirst; ox < oxEnd; ox += 1) heap[p + ox] = heap[row + ox * sw] as number;
              heap.fill(0, p + oxEnd, p + outWidth);
            }
            p += outWidth;
          }
        }
      }
    }
  }
}
