import { gunzipSync } from 'node:zlib';
import { InvalidArgumentError } from '@gen/core';
import { assertOneOf, requireMemory } from '@gen/core/internal';
import { concatBytes } from '../io/concat-bytes.js';
import { nodeModules, readInputFile } from '../io/files.js';
import { parseIdx } from './idx.js';
import { type ImageDataset, levelDataset } from './image-dataset.js';
import { DATASET_SPLITS, type DatasetSplit } from './mnist.js';

/** Where Debian's package `dataset-fashion-mnist` puts the files. */
export const FASHION_MNIST_DIRECTORY = '/usr/share/datasets/fashion-mnist';

/** The names of Fashion-MNIST's ten classes, by label. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** Options of {@link loadFashionMnist}. */
export interface FashionMnistOptions {
  /** `"train"` (60 000 images, the default), `"test"` (the 10 000 held out) or `"all"` (train then test). */
  split?: DatasetSplit;
  /** The folder holding the four `*-ubyte.gz` files (default {@link FASHION_MNIST_DIRECTORY}). */
  directory?: string;
  /** Uniform dequantisation of every batch (default false), as `imageDataset` of `@gen/train` describes. */
  dequantize?: boolean;
}

const FILES = {
  train: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
  test: ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
} as const;
/** The largest gzipped file read (the training images are 26 MB) and the largest inflated one (47 MB). */
const MAX_FILE_BYTES = 64 * 2 ** 20;
const MAX_INFLATED_BYTES = 64 * 2 ** 20;

/**
 * Fashion-MNIST (Xiao et al. 2017): 70 000 labelled 28×28 grey images of clothing in 10 classes
 * ({@link FASHION_MNIST_CLASSES}), read from the gzipped IDX files that Debian's package `dataset-fashion-mnist`
 * installs (Node only).
 *
 * @remarks
 * The split is the data set's own: 60 000 training images, 10 000 test images. Pixels are scaled to [−1, 1] as for
 * every {@link ImageDataset}. The files are not bundled with gen: install them with
 * `apt-get install dataset-fashion-mnist` (Debian, Ubuntu), or download the four files from
 * https://github.com/zalandoresearch/fashion-mnist and pass their folder as `directory`.
 *
 * @param options - Split, folder and dequantisation.
 * @returns The dataset (shape [28, 28, 1], 10 classes).
 * @throws `InvalidArgumentError` naming `options.directory` when a file is missing or unreadable (saying how to
 *   install the data), `options.split` for an unknown split, or `bytes` (with the file's name) for a corrupt file.
 * @example
 * ```ts
 * const data = await loadFashionMnist({ split: 'train' });
 * ```
 * @see https://github.com/zalandoresearch/fashion-mnist
 */
export async function loadFashionMnist(options: FashionMnistOptions = {}): Promise<ImageDataset> {
  const split = assertOneOf('options.split', options.split ?? 'train', DATASET_SPLITS);
  const directory = options.directory ?? FASHION_MNIST_DIRECTORY;
  const parts = split === 'all' ? [FILES.train, FILES.test] : [FILES[split]];
  const loaded = await Promise.all(
    parts.map(async ([images, labels]) => ({
      images: parseIdx(await readGzip(directory, images), images),
      labels: parseIdx(await readGzip(directory, labels), labels),
    })),
  );
  for (const { images, labels } of loaded) {
    if (images.shape.length !== 3 || images.shape[1] !== 28 || images.shape[2] !== 28) {
      throw new InvalidArgumentError(
        'options.directory',
        'images of shape [N, 28, 28]',
        images.shape,
        `In ${directory}.`,
      );
    }
    if (labels.shape.length !== 1 || labels.shape[0] !== images.shape[0]) {
      throw new InvalidArgumentError(
        'options.directory',
        `[${images.shape[0]}] labels`,
        labels.shape,
        `In ${directory}.`,
      );
    }
  }
  return levelDataset(concatBytes(loaded.map((l) => l.images.values)), [28, 28, 1], {
    name: split === 'all' ? 'fashion-mnist' : `fashion-mnist-${split}`,
    labels: concatBytes(loaded.map((l) => l.labels.values)),
    classes: FASHION_MNIST_CLASSES.length,
    classNames: FASHION_MNIST_CLASSES,
    dequantize: options.dequantize ?? false,
  });
}

/** Reads and gunzips one of the data set's files, bounded in size. */
async function readGzip(directory: string, file: string): Promise<Uint8Array> {
  const { nodePath } = await nodeModules();
  const path = nodePath.join(directory, file);
  const bytes = await readInputFile(path, 'options.directory', MAX_FILE_BYTES).catch((error: unknown) => {
    if (!InvalidArgumentError.isInstance(error)) throw error;
    throw new InvalidArgumentError(
      'options.directory',
      `a folder holding Fashion-MNIST's ${file}`,
      directory,
      `${error.message.slice(0, 200)} Install the data with \`apt-get install dataset-fashion-mnist\` (Debian, ` +
        'Ubuntu), or download it from https://github.com/zalandoresearch/fashion-mnist and pass its folder.',
    );
  });
  requireMemory('options.directory', directory, MAX_INFLATED_BYTES, `the inflated ${file}`);
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch {
    throw new InvalidArgumentError(
      'bytes',
      `gzip data inflating to at most ${MAX_INFLATED_BYTES} bytes`,
      file,
      `In ${path}.`,
    );
  }
}
