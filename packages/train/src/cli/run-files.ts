import { GenError, InvalidArgumentError, NumericalError } from '@gen/core';
import type { ImageDataset } from '../data/image-dataset.js';
import { type Dataset, TOY_DATASET_NAMES, type ToyDatasetName, toyDataset } from '../data/index.js';
import { loadCsv, loadImageData, loadNpy } from '../data/load.js';
import { readNpyArray } from '../data/npy.js';
import { isObjectiveName, OBJECTIVE_NAMES, type ObjectiveName } from '../objectives/index.js';
import { clip } from './option-types.js';
import { pathError, requireFile, requireFolder } from './paths.js';

/** What `gen train` records next to the model, so that the other commands know how to use it. */
export interface RunRecord {
  /** The data set the model was trained on (a toy name or a file path). */
  data: string;
  /** The objective's name. */
  objective: ObjectiveName;
  /** Updates trained. */
  steps: number;
  /** Seconds the training took. */
  seconds: number;
  /** The last loss. */
  finalLoss: number;
  /** The backend that trained it. */
  backend: string;
  /** The model file it was fine-tuned from (`--init-from`), if any. */
  initFrom?: string;
  /** The kind of model: `mlp` (points) or `unet` (images); runs written before images were supported are `mlp`. */
  model?: 'mlp' | 'unet';
  /** The shape [H, W, C] of one image (image runs). */
  imageShape?: number[];
  /** The number of classes K of a class-conditional model. */
  classes?: number;
}

/** The image data sets known by name. */
const IMAGE_DATASET_NAMES = ['mnist', 'fashion-mnist'] as const;

/**
 * Resolves a `--data` value: a toy data set name or a `.csv` / `.npy` file of points [N, D]; or images: `mnist`,
 * `fashion-mnist`, an images `.npy` ([N, H, W, C] or [N, H, W]) or a folder of PNG files (see `loadImageData`).
 *
 * @param value - The flag's value.
 * @param split - For `mnist` and `fashion-mnist`: which images (default the training split; `test` for held-out
 *   scores). Other sources have one set of images.
 * @param labels - `gen train --labels`: the labels `.npy` of an images `.npy` (see `parseImagesNpy`).
 * @returns The data set (an `ImageDataset` for images).
 * @throws `InvalidArgumentError` naming `--data`: for anything else (listing the toy sets), for a file or folder
 *   that is missing, unreadable, or that does not parse (the loader's own typed error when it has one); naming
 *   `--labels` for labels with data other than an images `.npy`, a labels file that is missing or not `.npy`, or
 *   labels the loader refuses (wrong rank or length, another dtype, a negative or fractional label).
 * @example
 * ```ts
 * const data = await resolveData('moons');
 * const digits = await resolveData('mnist', 'test');
 * const mine = await resolveData('x.npy', undefined, 'y.npy');
 * ```
 */
export async function resolveData(value: string, split?: 'test', labels?: string): Promise<Dataset> {
  if (labels !== undefined) return resolveLabelledNpy(value, labels);
  if ((TOY_DATASET_NAMES as readonly string[]).includes(value)) return toyDataset(value as ToyDatasetName);
  const named = (IMAGE_DATASET_NAMES as readonly string[]).includes(value);
  const kind = value.endsWith('.csv') ? 'csv' : value.endsWith('.npy') ? 'npy' : undefined;
  const expected =
    `one of ${[...TOY_DATASET_NAMES, ...IMAGE_DATASET_NAMES].map((n) => `"${n}"`).join(', ')}, ` +
    'a .csv or .npy file, or a folder of PNG images';
  if (kind === undefined && !named) {
    await requireFolder(value, '--data', expected);
  } else if (kind !== undefined) {
    await requireFile(value, '--data', `an existing .${kind} file`);
  }
  const what = named
    ? `the ${value} images`
    : kind === undefined
      ? 'a folder of PNG images'
      : `a readable .${kind} file`;
  try {
    if (kind === 'csv') return await loadCsv(value);
    if (kind === 'npy' && (await npyRank(value)) === 2) return await loadNpy(value);
    return await loadImageData(value, named && split !== undefined ? { split } : {});
  } catch (error) {
    throw asInputError(error, '--data', what, value);
  }
}

/** An images `.npy` with its `--labels` file; errors about the labels name `--labels`, the rest `--data`. */
async function resolveLabelledNpy(value: string, labels: string): Promise<Dataset> {
  const expected = 'a .npy file of class labels [N] (whole numbers 0…K−1, one per image)';
  const refuse = () =>
    new InvalidArgumentError(
      '--labels',
      'no labels file with this --data',
      clip(labels),
      'Only an images .npy [N, H, W, C] takes --labels (mnist, fashion-mnist and PNG folders bring their own).',
    );
  if (!value.endsWith('.npy')) throw refuse();
  await requireFile(value, '--data', 'an existing .npy file');
  const rank = await npyRank(value).catch((error: unknown) => {
    throw asInputError(error, '--data', 'a readable .npy file', value);
  });
  if (rank < 3) throw refuse();
  if (!labels.endsWith('.npy')) throw new InvalidArgumentError('--labels', expected, clip(labels));
  await requireFile(labels, '--labels', expected);
  try {
    return await loadImageData(value, { labels });
  } catch (error) {
    const aboutLabels = GenError.isInstance(error) && /^options\.labels\b/.test(parameterOf(error));
    throw aboutLabels
      ? asInputError(error, '--labels', expected, labels)
      : asInputError(error, '--data', 'a readable .npy file', value);
  }
}

/** The parameter an `InvalidArgumentError` or `ShapeError` names ('' for other errors). */
function parameterOf(error: unknown): string {
  const parameter = (error as { parameter?: unknown }).parameter;
  return typeof parameter === 'string' ? parameter : '';
}

/**
 * Whether a data set holds images (`[H, W, C]` samples) rather than points.
 *
 * @param data - A data set from {@link resolveData}.
 * @returns True for images.
 * @example
 * ```ts
 * if (isImageData(data)) console.log(data.shape); // [28, 28, 1]
 * ```
 */
export function isImageData(data: Dataset): data is ImageDataset {
  return 'levels' in data && data.shape.length === 3;
}

/** The rank of the array in an `.npy` file (2 for points [N, D]; 3 or 4 for images), read from its header. */
async function npyRank(path: string): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stop = new Error('header read');
  let rank = 0;
  try {
    readNpyArray(await readFile(path), {
      name: path,
      dtypes: ['<f4', '<f8', '|u1', '<i4', '<i8'],
      expectedDtype: 'a numeric dtype',
      dtypeHint: '',
      checkShape(shape) {
        rank = shape.length;
        throw stop;
      },
    });
  } catch (error) {
    if (error !== stop) throw error;
  }
  return rank;
}

/**
 * Turns a failure to read a file the user named into an `InvalidArgumentError` naming the option and the file, with
 * the reason: a loader's own gen error (its message, shortened), a file system error (ENOENT, EACCES, …), or
 * anything else a parser throws (`SyntaxError`, `RangeError`). A `NumericalError` passes unchanged.
 *
 * @param error - The caught error.
 * @param flag - The option that named the file.
 * @param expected - What the file must be.
 * @param path - The file.
 * @returns The error to throw.
 * @example
 * ```ts
 * try { await loadCsv(path); } catch (e) { throw asInputError(e, '--data', 'a readable .csv file', path); }
 * ```
 */
export function asInputError(error: unknown, flag: string, expected: string, path: string): unknown {
  if (NumericalError.isInstance(error)) return error;
  const mapped = pathError(error, flag, expected, path);
  if (mapped !== error) return mapped;
  const message = error instanceof Error ? error.message : String(error);
  const reason = new InvalidArgumentError(flag, expected, clip(path), `Reading it failed: ${clip(message, 240)}`);
  return Object.assign(reason, { cause: error });
}

/**
 * Reads the run record of a model folder written by `gen train`.
 *
 * @param dir - The model folder (`--model`).
 * @returns The record.
 * @throws `InvalidArgumentError` naming `--model` when the folder is missing, is a file, or has no readable
 *   run.json with the data set and objective, or no `model/` folder.
 * @example
 * ```ts
 * const run = await readRun('runs/moons');
 * ```
 */
export async function readRun(dir: string): Promise<RunRecord> {
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const expected = 'a folder written by `gen train` (with run.json and model/)';
  await requireFolder(dir, '--model', expected);
  const path = join(dir, 'run.json');
  let record: unknown;
  try {
    record = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw asInputError(error, '--model', expected, path);
  }
  const { data, objective } = (record ?? {}) as Partial<RunRecord>;
  if (typeof data !== 'string' || !isObjectiveName(objective)) {
    const hint = `Its run.json lacks "data" or an "objective" (one of ${OBJECTIVE_NAMES.join(', ')}).`;
    throw new InvalidArgumentError('--model', expected, clip(path), hint);
  }
  await requireFolder(join(dir, 'model'), '--model', expected);
  return record as RunRecord;
}
