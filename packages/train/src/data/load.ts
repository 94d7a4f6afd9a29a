import { InvalidArgumentError } from '@gen/core';
import { nodeModules, readInputFile, unreadable } from '../io/files.js';
import type { ArrayDataset } from './array-dataset.js';
import { parseCsv } from './csv.js';
import { loadFashionMnist } from './fashion-mnist.js';
import type { ImageDataset } from './image-dataset.js';
import { loadImageFolder } from './image-folder.js';
import { parseImagesNpy } from './image-npy.js';
import { type DatasetSplit, mnistDataset } from './mnist.js';
import { parseNpy } from './npy.js';

/**
 * Reads a CSV file of numeric columns into a dataset (Node only; see {@link parseCsv} for the format).
 *
 * @param path - The file's path.
 * @returns An {@link ArrayDataset} named after the file.
 * @throws `InvalidArgumentError` naming `text` for malformed content (with the line and column); naming `path`
 *   (with the path and the system's code, e.g. `ENOENT`) when the file cannot be read.
 * @example
 * ```ts
 * const data = await loadCsv('data/points.csv');
 * ```
 */
export async function loadCsv(path: string): Promise<ArrayDataset> {
  const bytes = await readInputFile(path, 'path');
  return parseCsv(new TextDecoder().decode(bytes), { name: fileName(path) });
}

/**
 * Reads a NumPy `.npy` file of a 2-D float array into a dataset (Node only; see {@link parseNpy}).
 *
 * @param path - The file's path.
 * @returns An {@link ArrayDataset} named after the file.
 * @throws `InvalidArgumentError` / `ShapeError` naming `buffer` for unsupported content; `InvalidArgumentError`
 *   naming `path` (with the path and the system's code, e.g. `ENOENT`) when the file cannot be read.
 * @example
 * ```ts
 * const data = await loadNpy('data/points.npy');
 * ```
 */
export async function loadNpy(path: string): Promise<ArrayDataset> {
  return parseNpy(await readInputFile(path, 'path'), { name: fileName(path) });
}

/** Options of {@link loadImagesNpy}. */
export interface LoadImagesNpyOptions {
  /** The path of a labels `.npy` file (1-D integers, one per image). */
  labels?: string;
  /** The number of classes K (default: the largest label + 1). */
  classes?: number;
  /** Uniform dequantisation of every batch (default false), as `imageDataset` of `@gen/train` describes. */
  dequantize?: boolean;
}

/**
 * Reads images (and optionally labels) from NumPy `.npy` files into an {@link ImageDataset} (Node only; see
 * {@link parseImagesNpy} for the formats).
 *
 * @param path - The images file: [N, H, W, C] or [N, H, W], uint8 levels or floats in [0, 1].
 * @param options - The labels file, classes and dequantisation.
 * @returns The dataset, named after the file.
 * @throws As {@link parseImagesNpy}; `InvalidArgumentError` naming `path` or `options.labels` when a file cannot be
 *   read.
 * @example
 * ```ts
 * const data = await loadImagesNpy('data/x.npy', { labels: 'data/y.npy' });
 * ```
 */
export async function loadImagesNpy(path: string, options: LoadImagesNpyOptions = {}): Promise<ImageDataset> {
  const { labels, classes, dequantize = false } = options;
  return parseImagesNpy(await readInputFile(path, 'path'), {
    name: fileName(path),
    dequantize,
    ...(labels === undefined ? {} : { labels: await readInputFile(labels, 'options.labels') }),
    ...(classes === undefined ? {} : { classes }),
  });
}

/** Options of {@link loadImageData}. */
export interface LoadImageDataOptions {
  /** For `mnist` and `fashion-mnist`: which images (default `"train"`). */
  split?: DatasetSplit;
  /** Uniform dequantisation of every batch (default false), as `imageDataset` of `@gen/train` describes. */
  dequantize?: boolean;
  /** For an images `.npy`: the path of its labels `.npy`. */
  labels?: string;
  /** For `fashion-mnist`: the folder of its files (default where Debian's `dataset-fashion-mnist` puts them). */
  directory?: string;
}

/**
 * Loads image data by name or path (Node only), as `gen train --data` does: `"mnist"` ({@link mnistDataset}),
 * `"fashion-mnist"` ({@link loadFashionMnist}), a path ending in `.npy` ({@link loadImagesNpy}) or a folder of PNG
 * files ({@link loadImageFolder}).
 *
 * @param source - The name or path.
 * @param options - Split (named sets only), dequantisation, labels file (`.npy` only), Fashion-MNIST's folder.
 * @returns The dataset.
 * @throws `InvalidArgumentError` naming `source` when it is none of these (a file that is not `.npy`, a missing
 *   path), `options.split` / `options.labels` / `options.directory` when given for a source that takes none; and
 *   what each loader throws.
 * @example
 * ```ts
 * const data = await loadImageData('mnist', { split: 'test', dequantize: true });
 * ```
 */
export async function loadImageData(source: string, options: LoadImageDataOptions = {}): Promise<ImageDataset> {
  const { split, dequantize = false, labels, directory } = options;
  const named = source === 'mnist' || source === 'fashion-mnist';
  const refuse = (option: keyof LoadImageDataOptions, value: unknown, only: string): never => {
    throw new InvalidArgumentError(`options.${option}`, `no value for ${source.slice(0, 80)}`, value, `Only ${only}.`);
  };
  if (!named && split !== undefined) refuse('split', split, 'mnist and fashion-mnist have splits');
  if (source !== 'fashion-mnist' && directory !== undefined) refuse('directory', directory, 'for fashion-mnist');
  if (!source.endsWith('.npy') && labels !== undefined) refuse('labels', labels, 'an images .npy takes a labels file');
  const common = { dequantize, ...(split === undefined ? {} : { split }) };
  if (source === 'mnist') return mnistDataset(common);
  if (source === 'fashion-mnist')
    return loadFashionMnist({ ...common, ...(directory === undefined ? {} : { directory }) });
  if (source.endsWith('.npy'))
    return loadImagesNpy(source, { dequantize, ...(labels === undefined ? {} : { labels }) });
  const { fs } = await nodeModules();
  const stats = await fs.stat(source).catch((error: unknown) => {
    throw unreadable('source', source, error);
  });
  if (!stats.isDirectory()) {
    throw new InvalidArgumentError(
      'source',
      '"mnist", "fashion-mnist", an images .npy file or a folder of PNG files',
      source,
    );
  }
  return loadImageFolder(source, { dequantize });
}

/** The last component of a path. */
function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
