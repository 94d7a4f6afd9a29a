import * as tf from '@tensorflow/tfjs';

/**
 * How a kernel of gen's allocates and reads tensors on its backend, and runs that backend's own kernels: what
 * {@link conv2DBackpropFilterConfig} needs from the wasm heap or the cpu backend's host arrays.
 */
export interface KernelMemory {
  /** An uninitialised float32 tensor of that shape, reference count 1. */
  allocate(shape: number[]): tf.TensorInfo;
  /** A tensor's values, row-major; valid until the next `allocate` or `run` (the wasm heap may move). */
  values(info: tf.TensorInfo): Float32Array;
  /** Runs the backend's registered kernel of that name; its output is owned by the caller. */
  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo;
  /** Releases a tensor made by `allocate` or `run`. */
  release(info: tf.TensorInfo): void;
}

/** Largest patch block, in float32 entries (32 MiB): images are processed in chunks that fit it. */
const PATCH_BLOCK = 8 * 1024 * 1024;

/**
 * A `Conv2DBackpropFilter` kernel for a backend whose own is missing (wasm) or slow (cpu, about 40× a forward
 * convolution): dW[i, j, ci, co] = Σₙ,ᵧ,ₓ x[n, sH·y − top + i, sW·x − left + j, ci] · dy[n, y, x, co].
 *
 * @remarks
 * NHWC, float32, dilation 1 (tfjs's conv2d gradient refuses larger dilations), any stride and padding (`'same'`,
 * `'valid'`, a number or explicit pairs). Both operands are laid out on a grid of Hq × Wq cells per image, one per
 * stride phase of the zero-padded input (Hq = ⌈Hp/sH⌉ for its Hp = top + H + bottom rows, likewise Wq): input
 * channel ci in phase (p, q) as a row of cells, cell (a, b) = padded pixel (sH·a + p, sW·b + q), and dy as
 * D [cells, cout] with dy[n, y, x] at cell (y, x) and zeros elsewhere. Filter tap (i, j) then reads phase
 * (i mod sH, j mod sW) shifted by ⌊i/sH⌋·Wq + ⌊j/sW⌋ cells, so the transposed patch matrix Pᵀ [kh·kw·cin, cells]
 * is made of shifted copies of the phase rows (one copy per row, no per-pixel work), and dW = Pᵀ·D is one product
 * by the backend's own `BatchMatMul` (its untransposed form), summed over blocks of images. The products at cells
 * outside dy's positions are zero, so an infinite or NaN input entry can reach entries whose exact sum would not
 * contain it (as 0·∞).
 *
 * @param backendName - The backend the kernel is for.
 * @param memoryOf - That backend's {@link KernelMemory}.
 * @returns The kernel's config, for `tf.registerKernel`.
 * @example
 * ```ts
 * tf.registerKernel(conv2DBackpropFilterConfig('wasm', wasmKernelMemory)); // done by initBackend
 * ```
 */
export function conv2DBackpropFilterConfig(
  backendName: string,
  memoryOf: (backend: tf.KernelBackend) => KernelMemory,
): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { x, dy, info } = conv2DBackpropFilterProblem(inputs, attrs, backendName);
      if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
        throw new Error(
          `Conv2DBackpropFilter on ${backendName} supports float32 only, got ${x.dtype} and ${dy.dtype}.`,
        );
      }
      return filterGradient(memoryOf(backend as tf.KernelBackend), x, dy, info);
    },
  };
}

/**
 * A `Conv2DBackpropFilter` call's operands and geometry: its input `x` [N, H, W, cin], its output gradient `dy`
 * [N, H', W', cout] and tfjs's `Conv2DInfo` of the convolution (dilation 1, the only one tfjs's gradient allows).
 *
 * @param inputs - The kernel's inputs `{ x, dy }`.
 * @param attrs - The kernel's attributes (`tf.Conv2DBackpropFilterAttrs`).
 * @param backendName - The backend, for the error message.
 * @returns The operands (not copied) and the geometry.
 * @throws `Error` for a data format other than NHWC.
 * @example
 * ```ts
 * const { x, dy, info } = conv2DBackpropFilterProblem(inputs, attrs, 'webgl');
 * ```
 */
export function conv2DBackpropFilterProblem(
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap | undefined,
  backendName: string,
): { x: tf.TensorInfo; dy: tf.TensorInfo; info: tf.backend_util.Conv2DInfo } {
  const { x, dy } = inputs as unknown as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropFilter on ${backendName} supports dataFormat NHWC only, got ${dataFormat}.`);
  }
  const shape = x.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(shape, filterShape, strides, 1, pad, dimRoundingMode);
  return { x, dy, info };
}

/** The stride-phase grid: Hq × Wq cells per image, and the convolution. */
interface Grid {
  readonly info: tf.backend_util.Conv2DInfo;
  readonly height: number;
  readonly width: number;
}

function filterGradient(
  memory: KernelMemory,
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
  const made: tf.TensorInfo[] = [];
  const keep = (info: tf.TensorInfo) => {
    made.push(info);
    return info;
  };
  const release = (temporary: tf.TensorInfo) => {
    memory.release(temporary);
    made.splice(made.indexOf(temporary), 1);
  };
  try {
    const out = keep(memory.allocate([kh, kw, inChannels, outChannels]));
    memory.values(out).fill(0);
    if (outHeight * outWidth === 0 || patchWidth === 0 || outChannels === 0 || batchSize === 0) return out;
    const channelMajor = keep(memory.run(tf.Transpose, { x }, { perm: [3, 0, 1, 2] }));
    for (let first = 0; first < batchSize; first += imagesPerBlock) {
      const images = Math.min(imagesPerBlock, batchSize - first);
      const rows = images * cells;
      const patches = keep(memory.allocate([1, patchWidth, rows]));
      const grads = keep(memory.allocate([1, rows, outChannels]));
      writeShiftedInputs(memory.values(patches), memory.values(channelMajor), grid, first, images);
      writeGradientsOnGrid(memory.values(grads), memory.values(dy), grid, first, images);
      const block = keep(
        memory.run(tf.BatchMatMul, { a: patches, b: grads }, { transposeA: false, transposeB: false }),
      );
      const sum = memory.values(out);
      const part = memory.values(block);
      for (let k = 0; k < sum.length; k += 1) sum[k] = (sum[k] as number) + (part[k] as number);
      release(patches);
      release(grads);
      release(block);
    }
    release(channelMajor);
    return out;
  } catch (error) {
    for (const temporary of made) memory.release(temporary);
    throw error;
  }
}

/**
 * Writes Pᵀ [kh·kw·cin, rows] for images [first, first + images) into `patches`, from the channel-major input
 * [cin, n, h, w]. Row (i, j, ci) is input channel ci, zero-padded, in phase (i mod sH, j mod sW) of the grid,
 * shifted left by ⌊i/sH⌋·Wq + ⌊j/sW⌋ cells (zeros past the block's end). The rows with i < sH and j < sW (no shift)
 * are written from the input; every other row is one copy of one of them.
 */
function writeShiftedInputs(
  patches: Float32Array,
  input: Float32Array,
  grid: Grid,
  first: number,
  images: number,
): void {
  const { batchSize, inHeight, inWidth, inChannels, filterHeight: kh, filterWidth: kw, padInfo } = grid.info;
  const { strideHeight: sh, strideWidth: sw } = grid.info;
  const rows = images * grid.height * grid.width;
  const row = (i: number, j: number, ci: number) => ((i * kw + j) * inChannels + ci) * rows;
  for (let p = 0; p < Math.min(sh, kh); p += 1) {
    for (let q = 0; q < Math.min(sw, kw); q += 1) {
      // Phase (p, q): grid cell (a, b) holds input pixel (sH·a + p − top, sW·b + q − left), in columns [bFirst, bEnd).
      const bFirst = Math.max(0, Math.ceil((padInfo.left - q) / sw));
      const bEnd = Math.max(bFirst, Math.min(grid.width, Math.floor((inWidth - 1 + padInfo.left - q) / sw) + 1));
      for (let ci = 0; ci < inChannels; ci += 1) {
        const target = row(p, q, ci);
        patches.fill(0, target, target + rows);
        for (let m = 0; m < images; m += 1) {
          const image = (ci * batchSize + first + m) * inHeight * inWidth;
          for (let a = 0; a < grid.height; a += 1) {
            const y = sh * a + p - padInfo.top;
            if (y < 0 || y >= inHeight) continue;
            const from = image + y * inWidth + q - padInfo.left;
            const to = target + (m * grid.height + a) * grid.width;
            if (sw === 1) patches.set(input.subarray(from + bFirst, from + bEnd), to + bFirst);
            else for (let b = bFirst; b < bEnd; b += 1) patches[to + b] = input[from + sw * b] as number;
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
        patches.copyWithin(target, source + shift, source + rows);
        patches.fill(0, target + rows - shift, target + rows);
      }
    }
  }
}

/**
 * Writes D [rows, cout] for images [first, first + images) into `grads`: dy [n, H', W', cout] at grid cells (y, x),
 * zeros elsewhere.
 */
function writeGradientsOnGrid(grads: Float32Array, dy: Float32Array, grid: Grid, first: number, images: number): void {
  const { outHeight, outWidth, outChannels } = grid.info;
  grads.fill(0);
  const length = outWidth * outChannels;
  for (let m = 0; m < images; m += 1) {
    for (let y = 0; y < outHeight; y += 1) {
      const source = ((first + m) * outHeight + y) * length;
      grads.set(dy.subarray(source, source + length), (m * grid.height + y) * grid.width * outChannels);
    }
  }
}
