import { InvalidArgumentError, type VectorField } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { type ImageDataset, imageDataset } from '../data/image-dataset.js';

/**
 * The same images as `data`, with batches dequantised or not as asked, after checking that `data` is an image data
 * set whose levels are integers 0–255.
 *
 * @param data - The caller's data set (untrusted: validated here).
 * @param dequantize - Whether the returned view's batches carry uniform dequantisation noise.
 * @returns `data` itself when it already behaves so, else a view sharing its levels and labels.
 * @throws `InvalidArgumentError` naming `data` (not an image data set) or `data.levels` (a level that is not an
 *   integer).
 */
export function imageDataView(data: ImageDataset, dequantize: boolean): ImageDataset {
  const levels = data?.levels;
  if (!(levels instanceof Uint8Array || levels instanceof Float32Array) || data.shape?.length !== 3) {
    throw new InvalidArgumentError('data', 'an image data set (imageDataset, mnistDataset)', data);
  }
  if (levels instanceof Float32Array) {
    for (let k = 0; k < levels.length; k += 1) {
      const level = levels[k] as number;
      if (!Number.isInteger(level)) {
        throw new InvalidArgumentError(
          'data.levels',
          'integer pixel levels 0–255 (8-bit images)',
          level,
          `Entry ${k}.`,
        );
      }
    }
  }
  if (data.dequantize === dequantize) return data;
  return imageDataset(levels instanceof Uint8Array ? levels : Uint8Array.from(levels), data.shape, {
    dequantize,
    ...(data.labels === undefined ? {} : { labels: data.labels, classes: data.classes }),
  });
}

/**
 * An image field seen as a field on flat points: u(t, y) for y [N, D] is `field(t, y as [N, H, W, C])` flattened,
 * for the solvers and likelihood code that work on [N, D].
 *
 * @param field - The image field on [N, H, W, C].
 * @param shape - The image shape [H, W, C].
 * @returns The flat field (its intermediates are freed by the solver's tidy).
 */
export function flatImageField(field: VectorField, shape: readonly [number, number, number]): VectorField {
  const d = shape[0] * shape[1] * shape[2];
  return (t, y) => {
    const n = y.shape[0] as number;
    return tf.reshape(field(t, tf.reshape(y, [n, ...shape])), [n, d]);
  };
}
