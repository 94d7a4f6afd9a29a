import { InvalidArgumentError } from '@gen/core';
import { type Dataset, loadCsv, loadNpy, TOY_DATASET_NAMES, type ToyDatasetName, toyDataset } from '../data/index.js';

/** What `gen train` records next to the model, so that the other commands know how to use it. */
export interface RunRecord {
  /** The data set the model was trained on (a toy name or a file path). */
  data: string;
  /** The objective's CLI name. */
  objective: string;
  /** Updates trained. */
  steps: number;
  /** Seconds the training took. */
  seconds: number;
  /** The last loss. */
  finalLoss: number;
  /** The backend that trained it. */
  backend: string;
}

/**
 * Resolves a `--data` value: a toy data set name, or a path to a `.csv` or `.npy` file.
 *
 * @param value - The flag's value.
 * @returns The data set.
 * @throws `InvalidArgumentError` naming `--data` and listing the toy sets for anything else.
 * @example
 * ```ts
 * const data = await resolveData('moons');
 * ```
 */
export async function resolveData(value: string): Promise<Dataset> {
  if ((TOY_DATASET_NAMES as readonly string[]).includes(value)) return toyDataset(value as ToyDatasetName);
  if (value.endsWith('.csv')) return loadCsv(value);
  if (value.endsWith('.npy')) return loadNpy(value);
  throw new InvalidArgumentError(
    '--data',
    `one of ${TOY_DATASET_NAMES.map((n) => `"${n}"`).join(', ')}, or a path to a .csv or .npy file`,
    value,
  );
}

/**
 * Reads the run record of a model folder written by `gen train`.
 *
 * @param dir - The model folder (`--model`).
 * @returns The record.
 * @throws `InvalidArgumentError` naming `--model` when the folder holds no trained model.
 * @example
 * ```ts
 * const run = await readRun('runs/moons');
 * ```
 */
export async function readRun(dir: string): Promise<RunRecord> {
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  try {
    return JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as RunRecord;
  } catch {
    throw new InvalidArgumentError('--model', 'a folder written by `gen train` (with run.json and model/)', dir);
  }
}
