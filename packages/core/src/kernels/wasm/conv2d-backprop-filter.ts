import * as tf from '@tensorflow/tfjs';
import { heapView, runWasmKernel, type WasmHeapBackend, withTemporaries } from './wasm-heap.js';

/** Largest patch block, in float32 entries (32 MiB): images are processed in chunks that fit it. */
const PATCH_BLOCK = 8 * 1024 * 1024;

/**
 * `Conv2DBackpropFilter` for tfjs-backend-wasm, which 4.22 lacks (so `tf.grad` of `tf.conv2d` with respect to the
 * filter throws there): dW[kh, kw, ci, co] = Σₙ,ᵧ,ₓ x[n, y·sH − top + kh, x·sW − left + kw, ci] · dy[n, y, x, co].
 *
 * @remarks
 * NHWC, float32, dilation 1 (tfjs's conv2d gradient refuses larger dilations), any stride and padding (`'same'`,
 * `'valid'`, a number or explicit pairs). Both operands live on the padded input's grid of G = Hp·Wp cells per
 * image (Hp = top + H + bottom, Wp = left + W + right): the input, channel-major and zero-padded, as rows xᵢ [G]
 * (one per input channel), and dy placed at cells (sH·y, sW·x) with zeros elsewhere, D [G, cout]. Window offset
 * (i, j) is then a shift of the grid by i·Wp + j, so the transposed patch matrix Pᵀ [kh·kw·cin, G] is kh·kw·cin
 * shifted copies of the rows xᵢ — one `copyWithin` each, no per-pixel work — and dW = Pᵀ·D is one product by the
 * wasm backend's XNNPACK `BatchMatMul` (its fast, untransposed form), summed over blocks of images. Products at
 * the cells outside dy's positions are zero; an infinite or NaN input entry can therefore reach entries whose
 * exact sum would not contain it (as 0·∞).
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

/**
 * The grid of the padded input for one stride phase: Hq × Wq cells per image, Hq = ⌈Hp/sH⌉ and Wq = ⌈Wp/sW⌉ for
 * the padded input's Hp = top + H + bottom rows and Wp columns; phase (p, q) holds the padded pixels (sH·a + p,
 * sW·b + q).
 */
interface Grid {
  readonly info: tf.backend_util.Conv2DInfo;
  readonly height: number;
  readonly width: number;
}

function filterGradient(
  backend: WasmHeapBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, padInfo } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const paddedHeight = Math.max(padInfo.top + inHeight + padInfo.bottom, (outHeight - 1) * sh + kh);
  const paddedWidth = Math.max(padInfo.left + inWidth + padInfo.right, (outWidth - 1) * sw + kw);
  const grid: Grid = { info, height: Math.ceil(paddedHeight / sh), width: Math.ceil(paddedWidth / sw) };
  const cells = grid.height * grid.width;
  const patchWidth = kh * kw * inChannels;
  const imagesPerBlock = Math.max(1, Math.min(batchSize, Math.floor(PATCH_BLOCK / (cells * patchWidth))));
  return withTemporaries(backend, (made) => {
    const out = backend.makeOutput([kh, kw, inChannels, outChannels], 'float32');
    made.push(out);
    backend.typedArrayFromHeap(out).fill(0);
    if (outHeight * outWidth === 0 || patchWidth === 0 || outChannels === 0 || batchSize === 0) return out;
    const release = (temporary: tf.TensorInfo) => {
      backend.disposeData(temporary.dataId);
      made.splice(made.indexOf(temporary), 1);
    };
    const channelMajor = runWasmKernel(backend, tf.Transpose, { x }, { perm: [3, 0, 1, 2] });
    made.push(channelMajor);
    for (let first = 0; first < batchSize; first += imagesPerBlock) {
      const images = Math.min(imagesPerBlock, batchSize - first);
      const rows = images * cells;
      const patches = backend.makeOutput([1, patchWidth, rows], 'float32');
      made.push(patches);
      const grads = backend.makeOutput([1, rows, outChannels], 'float32');
      made.push(grads);
      const { heap, base } = heapView(backend, patches);
      writeShiftedInputs(heap, base, heapView(backend, channelMajor).base, grid, first, images);
      writeGradientsOnGrid(heap, heapView(backend, grads).base, heapView(backend, dy).base, grid, first, images);
      const block = runWasmKernel(backend, tf.BatchMatMul, { a: patches, b: grads }, {
        transposeA: false,
        transposeB: false,
      });
      made.push(block);
      const { heap: h, base: outBase } = heapView(backend, out);
      const blockBase = heapView(backend, block).base;
      for (let k = 0; k < patchWidth * outChannels; k += 1) {
        h[outBase + k] = (h[outBase + k] as number) + (h[blockBase + k] as number);
      }
      release(patches);
      release(grads);
      release(block);
    }
    release(channelMajor);
    return out;
  });
}

/**
 * Writes Pᵀ [kh·kw·cin, rows] for images [first, first + images) at heap[base…], reading the channel-major input
 * [cin, n, h, w] at heap[xBase…]. Row (i, j, ci) is input channel ci, zero-padded, in phase (i mod sH, j mod sW) of
 * the grid, shifted left by ⌊i/sH⌋·Wq + ⌊j/sW⌋ cells (zeros past the block's end). The rows with i < sH and j < sW
 * (no shift) are written from the input; every other row is one copy of one of them.
 */
function writeShiftedInputs(
  heap: Float32Array | Int32Array,
  base: number,
  xBase: number,
  grid: Grid,
  first: number,
  images: number,
): void {
  const { batchSize, inHeight, inWidth, inChannels, filterHeight: kh, filterWidth: kw, padInfo } = grid.info;
  const { strideHeight: sh, strideWidth: sw } = grid.info;
  const rows = images * grid.height * grid.width;
  const row = (i: number, j: number, ci: number) => base + ((i * kw + j) * inChannels + ci) * rows;
  for (let p = 0; p < Math.min(sh, kh); p += 1) {
    for (let q = 0; q < Math.min(sw, kw); q += 1) {
      // Phase (p, q): grid cell (a, b) holds input pixel (sH·a + p − top, sW·b + q − left), in columns [bFirst, bEnd).
      const bFirst = Math.max(0, Math.ceil((padInfo.left - q) / sw));
      const bEnd = Math.max(bFirst, Math.min(grid.width, Math.floor((inWidth - 1 + padInfo.left - q) / sw) + 1));
      for (let ci = 0; ci < inChannels; ci += 1) {
        const target = row(p, q, ci);
        heap.fill(0, target, target + rows);
        for (let m = 0; m < images; m += 1) {
          const image = xBase + (ci * batchSize + first + m) * inHeight * inWidth;
          for (let a = 0; a < grid.height; a += 1) {
            const y = sh * a + p - padInfo.top;
            if (y < 0 || y >= inHeight) continue;
            const from = image + y * inWidth + q - padInfo.left;
            const to = target + (m * grid.height + a) * grid.width;
            if (sw === 1) heap.copyWithin(to + bFirst, from + bFirst, from + bEnd);
            else for (let b = bFirst; b < bEnd; b += 1) heap[to + b] = heap[from + sw * b] as number;
          }
        }
      }
    }
  }
  for (let i = 0; i < kh; i += 1) {
    for (let j = 0; j < kw; j += 1) {
      const shift = Math.min(rows, Math.floor(i / sh) * grid.width + Math.floor(j / sw));
      if (shift === 0) continue;
      for (let ci = 0; ci < inChannels; ci += 1) {
        const target = row(i, j, ci);
        const source = row(i % sh, j % sw, ci);
        heap.copyWithin(target, source + shift, source + rows);
        heap.fill(0, target + rows - shift, target + rows);
      }
    }
  }
}

/**
 * Writes D [rows, cout] for images [first, first + images) at heap[base…]: dy [n, H', W', cout] (at heap[dyBase…])
 * at grid cells (y, x), zeros elsewhere.
 */
function writeGradientsOnGrid(
  heap: Float32Array | Int32Array,
  base: number,
  dyBase: number,
  grid: Grid,
  first: number,
  images: number,
): void {
  const { outHeight, outWidth, outChannels } = grid.info;
  heap.fill(0, base, base + images * grid.height * grid.width * outChannels);
  for (let m = 0; m < images; m += 1) {
    for (let y = 0; y < outHeight; y += 1) {
      const source = dyBase + ((first + m) * outHeight + y) * outWidth * outChannels;
      const target = base + (m * grid.height + y) * grid.width * outChannels;
      heap.copyWithin(target, source, source + outWidth * outChannels);
    }
  }
}
