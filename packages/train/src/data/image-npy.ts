import { ShapeError } from '@gen/core';
import { type ImageDataset, levelDataset, toLevels } from './image-dataset.js';
import { readNpyArray } from './npy.js';

/** Options of {@link parseImagesNpy}. */
export interface ParseImagesNpyOptions {
  /** The dataset's name, also used in error messages (default `"images"`). */
  name?: string;
  /**
   * The bytes of a labels `.npy` file: a 1-D array [N] of class indices 0 … K − 1, dtype `|u1`, `<i4` or `<i8`
   * (NumPy's uint8, int32, int64, as `np.save('y.npy', dataset.targets.numpy())` writes torchvision's targets), or
   * `<f4` / `<f8` with whole values.
   */
  labels?: ArrayBuffer | Uint8Array;
  /** The number of classes K (default: the largest label + 1). */
  classes?: number;
  /** Uniform dequantisation of every batch (default false); see {@link imageDataset}. */
  dequantize?: boolean;
}

/**
 * Reads images from a NumPy `.npy` file into an {@link ImageDataset} (pixels scaled to [−1, 1]), with optional
 * labels from a second `.npy` file.
 *
 * @remarks
 * The images: an array [N, H, W, C] (NHWC, as `torchvision`'s data `.permute(0, 2, 3, 1)` or Keras give), or
 * [N, H, W] for one channel, C order; dtype `|u1` (uint8, levels 0–255) or `<f4` / `<f8` with every value in
 * [0, 1] (level = 255·value; checked, so data already in [−1, 1] or 0–255 floats is refused rather than silently
 * mis-scaled). The file is parsed by the same strict NPY reader as {@link parseNpy}.
 *
 * @param buffer - The images file's bytes.
 * @param options - Name, labels file, classes and dequantisation.
 * @returns The dataset (labelled when `labels` is given).
 * Labels are class indices 0 … K − 1 as torchvision's targets are; K is `options.classes`, or the largest label + 1
 * (so a file of digits 0 … 9 gives K = 10; pass `classes` when the highest classes are absent from the file).
 *
 * @throws `InvalidArgumentError` naming `buffer` (not an NPY file, another dtype, a value outside [0, 1]) or
 *   `options.labels` (another dtype, a value that is negative, not a whole number or not below K);
 *   `ShapeError` naming `buffer` (not [N, H, W, C]
 *   or [N, H, W] with positive sizes) or `options.labels` (not [N]); `ResourceLimitError` when the float levels
 *   would exceed the memory limit.
 * @example
 * ```ts
 * const data = parseImagesNpy(await readFile('x.npy'), { labels: await readFile('y.npy') });
 * ```
 */
export function parseImagesNpy(buffer: ArrayBuffer | Uint8Array, options: ParseImagesNpyOptions = {}): ImageDataset {
  const { name = 'images' } = options;
  const images = readNpyArray(buffer, {
    name,
    dtypes: ['|u1', '<f4', '<f8'],
    expectedDtype: "dtype '|u1' (uint8 levels 0–255), '<f4' or '<f8' (values in [0, 1])",
    dtypeHint: 'Convert with a.astype("u1") or (a / 255).astype("<f4").',
    checkShape: (shape) => {
      if ((shape.length !== 3 && shape.length !== 4) || !shape.every((s) => s >= 1)) {
        throw new ShapeError('buffer', '[N, H, W, C] or [N, H, W] with positive sizes', shape, `In ${name}.`);
      }
    },
  });
  const [n, h, w, c = 1] = images.shape as number[];
  const levels =
    images.values instanceof Uint8Array ? images.values : toLevels(images.values, 'buffer', `In ${name}. `);
  const labels =
    options.labels === undefined
      ? undefined
      : readNpyArray(options.labels, {
          name: `${name} labels`,
          parameter: 'options.labels',
          dtypes: ['|u1', '<i4', '<i8', '<f4', '<f8'],
          expectedDtype: "an integer dtype '|u1', '<i4' or '<i8' (or '<f4' / '<f8' holding whole numbers)",
          dtypeHint: 'Convert with a.astype("<i8").',
          checkShape: (shape) => {
            if (shape.length !== 1 || shape[0] !== n) {
              throw new ShapeError('options.labels', `[${n}] (one label per image)`, shape, `In ${name} labels.`);
            }
          },
        }).values;
  return levelDataset(levels, [h as number, w as number, c], {
    name,
    dequantize: options.dequantize ?? false,
    ...(labels === undefined ? {} : { labels }),
    ...(options.classes === undefined ? {} : { classes: options.classes }),
  });
}
