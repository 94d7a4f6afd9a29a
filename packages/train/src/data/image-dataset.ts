import { InvalidArgumentError, Rng, type Seed, ShapeError } from '@gen/core';
import { assertInteger, requireMemory } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { Dataset, LabelledBatch } from './dataset.js';

/** Options of {@link imageDataset}. */
export interface ImageDatasetOptions {
  /** The dataset's name (default `"images"`). */
  name?: string;
  /** One label per image, integers 0 … K − 1 (makes the dataset labelled). */
  labels?: ArrayLike<number>;
  /** The number of classes K (default: the largest label + 1; requires `labels`). */
  classes?: number;
  /** A name for each class, K strings (e.g. for the row labels of {@link imageGridFigure}); requires `labels`. */
  classNames?: readonly string[];
  /** Add uniform noise of one pixel level to every pixel before scaling (default false); see {@link imageDataset}. */
  dequantize?: boolean;
}

/** A run of consecutive images of an {@link ImageDataset}, in order. Both tensors are owned by the caller. */
export interface ImageBatch {
  /** The images, float32 [count, H, W, C] in [−1, 1]. */
  x: tf.Tensor;
  /** Their labels, int32 [count] (labelled data), else `undefined`. */
  labels: tf.Tensor | undefined;
}

/** A {@link Dataset} of N images [H, W, C] held on the host as pixel levels, with optional labels. */
export interface ImageDataset extends Dataset {
  /** The image shape [H, W, C]. */
  readonly shape: readonly [number, number, number];
  /** The number of images N. */
  readonly size: number;
  /** Every pixel's level in [0, 255], N·H·W·C values (NHWC, row-major); shared, do not modify. */
  readonly levels: Uint8Array | Float32Array;
  /** The label of each image (labelled data), else `undefined`; shared, do not modify. */
  readonly labels: Int32Array | undefined;
  /** Whether batches are dequantised. */
  readonly dequantize: boolean;
  /** The name of each class (labelled data with names), else `undefined`. */
  readonly classNames: readonly string[] | undefined;
  /**
   * Images `start` … `end − 1` in order (evaluation on a whole split), scaled like `sample`.
   *
   * @param start - The first index, 0 ≤ start < size.
   * @param end - One past the last index, start < end ≤ size.
   * @param seed - Seeds the dequantisation noise (default 0; unused without `dequantize`).
   * @returns The images and their labels, owned by the caller.
   * @throws `InvalidArgumentError` naming `start`, `end` or `seed`.
   */
  slice(start: number, end: number, seed?: Seed): ImageBatch;
}

/**
 * A dataset of images with pixel levels 0–255 (uint8, or float levels), optionally labelled.
 *
 * @remarks
 * `sample(n, seed)` draws n images uniformly with replacement, with indices from the core `Rng` seeded by `seed`,
 * and scales them to [−1, 1]:
 *
 * - without `dequantize`, level ℓ ↦ 2ℓ/255 − 1 (0 ↦ −1, 255 ↦ 1);
 * - with `dequantize`, ℓ ↦ 2(ℓ + u)/256 − 1 with u ~ U[0, 1) per pixel (the convention of FFJORD and score_sde for
 *   likelihoods of 8-bit data: each level fills a bin of width 2/256 in [−1, 1)). The noise is drawn from the same
 *   seeded `Rng`, after the indices, so a batch is reproducible from its seed.
 *
 * `sampleLabelled(n, seed)` (labelled data) returns the same images with their labels.
 *
 * @param pixels - N·H·W·C values, NHWC row-major: a `Uint8Array` of levels 0–255, or floats in [0, 1] (level
 *   = 255·value). Kept, not copied, when a `Uint8Array`.
 * @param shape - The image shape [H, W, C], each ≥ 1.
 * @param options - Name, labels, classes and dequantisation.
 * @returns The dataset; it holds no tensors.
 * @throws `ShapeError` naming `shape` or `pixels` (length not a positive multiple of H·W·C);
 *   `InvalidArgumentError` naming `pixels` (a value outside [0, 1] or not finite), `options.labels` (length ≠ N, or a
 *   value that is not an integer in [0, K)) or `options.classes`.
 * @example
 * ```ts
 * const data = imageDataset(new Uint8Array(4 * 2 * 2), [2, 2, 1], { labels: [0, 1, 1, 0] });
 * const { x, labels } = data.sampleLabelled!(8, 0); // [8, 2, 2, 1], [8]
 * tf.dispose([x, labels]);
 * ```
 */
export function imageDataset(
  pixels: Uint8Array | Float32Array | Float64Array,
  shape: readonly number[],
  options: ImageDatasetOptions = {},
): ImageDataset {
  const levels = pixels instanceof Uint8Array ? pixels : toLevels(pixels, 'pixels', '');
  return levelDataset(levels, shape, options);
}

/**
 * The {@link imageDataset} of pixel levels already in [0, 255] (the shared back end of the image constructors and
 * file loaders).
 *
 * @param levels - N·H·W·C levels in [0, 255]; kept, not copied.
 * @param shape - The image shape [H, W, C].
 * @param options - Name, labels, classes and dequantisation.
 * @returns The dataset.
 * @throws As {@link imageDataset}, with `pixels` for a length that is not a multiple of H·W·C.
 * @example
 * ```ts
 * const data = levelDataset(idx.values, [28, 28, 1], { name: 'digits', labels, classes: 10 });
 * ```
 */
export function levelDataset(
  levels: Uint8Array | Float32Array,
  shape: readonly number[],
  options: ImageDatasetOptions,
): ImageDataset {
  const { name = 'images', dequantize = false } = options;
  if (shape.length !== 3 || !shape.every((s) => Number.isSafeInteger(s) && s >= 1)) {
    throw new ShapeError('shape', '[H, W, C] with H, W, C ≥ 1', shape);
  }
  const imageShape = Object.freeze([...shape]) as readonly [number, number, number];
  const dim = imageShape[0] * imageShape[1] * imageShape[2];
  const size = levels.length / dim;
  if (!Number.isInteger(size) || size < 1) {
    throw new ShapeError('pixels', `N·${dim} values (N ≥ 1 images of shape [${imageShape}])`, [levels.length]);
  }
  const labels = options.labels === undefined ? undefined : checkLabels(options.labels, size, options.classes);
  if (labels === undefined && options.classes !== undefined) {
    throw new InvalidArgumentError('options.classes', 'no value without options.labels', options.classes);
  }
  const classes =
    labels === undefined ? undefined : (options.classes ?? labels.reduce((a, b) => Math.max(a, b), 0) + 1);
  const { classNames } = options;
  if (
    classNames !== undefined &&
    (labels === undefined ||
      !Array.isArray(classNames) ||
      classNames.length !== classes ||
      !classNames.every((c) => typeof c === 'string'))
  ) {
    throw new InvalidArgumentError(
      'options.classNames',
      `${classes ?? 'K'} class names (strings), with labels`,
      classNames,
    );
  }

  const gather = (indices: ArrayLike<number>, rng: Rng | undefined): tf.Tensor => {
    const n = indices.length;
    const out = new Float32Array(n * dim);
    for (let row = 0; row < n; row += 1) {
      const from = (indices[row] as number) * dim;
      for (let k = 0; k < dim; k += 1) {
        const level = levels[from + k] as number;
        out[row * dim + k] = rng === undefined ? (2 * level) / 255 - 1 : (2 * (level + rng.uniform())) / 256 - 1;
      }
    }
    return tf.tensor(out, [n, ...imageShape], 'float32');
  };
  const draw = (n: number, seed: Seed): { indices: Int32Array; x: tf.Tensor } => {
    assertInteger('n', n, 1);
    assertInteger('seed', seed);
    requireMemory('n', n, n * dim * 4, `[n, ${imageShape}] image batch`);
    const rng = new Rng(seed);
    const indices = new Int32Array(n);
    for (let row = 0; row < n; row += 1) indices[row] = rng.integer(size);
    return { indices, x: gather(indices, dequantize ? rng : undefined) };
  };
  const labelsOf = (indices: Int32Array): tf.Tensor =>
    tf.tensor1d(
      indices.map((i) => (labels as Int32Array)[i] as number),
      'int32',
    );

  const dataset: ImageDataset = {
    name,
    dim,
    shape: imageShape,
    size,
    levels,
    labels,
    dequantize,
    classNames: classNames === undefined ? undefined : Object.freeze([...classNames]),
    sample: (n, seed) => draw(n, seed).x,
    slice(start: number, end: number, seed: Seed = 0): ImageBatch {
      if (assertInteger('start', start) >= size) {
        throw new InvalidArgumentError('start', `an index below the size ${size}`, start);
      }
      if (assertInteger('end', end, start + 1) > size) {
        throw new InvalidArgumentError('end', `an integer in (start, ${size}]`, end);
      }
      assertInteger('seed', seed);
      requireMemory('end', end, (end - start) * dim * 4, `[${end - start}, ${imageShape}] image batch`);
      const indices = Int32Array.from({ length: end - start }, (_, i) => start + i);
      const x = gather(indices, dequantize ? new Rng(seed) : undefined);
      return { x, labels: labels === undefined ? undefined : labelsOf(indices) };
    },
  };
  if (labels === undefined) return dataset;
  return {
    ...dataset,
    classes: classes as number,
    sampleLabelled(n: number, seed: Seed): LabelledBatch {
      const { indices, x } = draw(n, seed);
      return { x, labels: labelsOf(indices) };
    },
  };
}

/**
 * Float pixels in [0, 1] as float32 levels in [0, 255].
 *
 * @param pixels - The values.
 * @param parameter - What to name in the error.
 * @param where - A hint prefix for the error (e.g. `"In x.npy. "`).
 * @returns The levels, 255·value.
 * @throws `InvalidArgumentError` naming `parameter` for a value outside [0, 1] or not finite, with its index;
 *   `ResourceLimitError` naming `parameter` when the levels would exceed the memory limit.
 * @example
 * ```ts
 * toLevels([0, 0.5, 1], 'pixels', ''); // Float32Array [0, 127.5, 255]
 * ```
 */
export function toLevels(pixels: ArrayLike<number>, parameter: string, where: string): Float32Array {
  requireMemory(parameter, pixels, pixels.length * 4, 'pixel levels (float32)');
  const levels = new Float32Array(pixels.length);
  for (let k = 0; k < pixels.length; k += 1) {
    const value = pixels[k] as number;
    if (!(value >= 0 && value <= 1)) {
      throw new InvalidArgumentError(
        parameter,
        'values in [0, 1] (or uint8 levels 0–255)',
        value,
        `${where}Entry ${k}.`,
      );
    }
    levels[k] = 255 * value;
  }
  return levels;
}

/** Validated labels as int32. */
function checkLabels(labels: ArrayLike<number>, size: number, classes: number | undefined): Int32Array {
  if (classes !== undefined) assertInteger('options.classes', classes, 1);
  if (labels.length !== size) {
    throw new ShapeError('options.labels', `[${size}] (one label per image)`, [labels.length]);
  }
  const out = new Int32Array(size);
  const limit = classes ?? 2 ** 31 - 1;
  for (let i = 0; i < size; i += 1) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label < 0 || label >= limit) {
      const expected = classes === undefined ? 'non-negative integers' : `integers in [0, ${classes})`;
      throw new InvalidArgumentError('options.labels', expected, label, `Entry ${i}.`);
    }
    out[i] = label;
  }
  return out;
}
