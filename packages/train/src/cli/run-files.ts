import { InvalidArgumentError, NumericalError } from '@gen/core';
import { type Dataset, TOY_DATASET_NAMES, type ToyDatasetName, toyDataset } from '../data/index.js';
import { loadCsv, loadNpy } from '../data/load.js';
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
}

/**
 * Resolves a `--data` value: a toy data set name, or a path to an existing `.csv` or `.npy` file.
 *
 * @param value - The flag's value.
 * @returns The data set.
 * @throws `InvalidArgumentError` naming `--data`: for anything else (listing the toy sets), for a file that is
 *   missing, not a file, unreadable, or that does not parse (the loader's own typed error when it has one).
 * @example
 * ```ts
 * const data = await resolveData('moons');
 * ```
 */
export async function resolveData(value: string): Promise<Dataset> {
  if ((TOY_DATASET_NAMES as readonly string[]).includes(value)) return toyDataset(value as ToyDatasetName);
  const kind = value.endsWith('.csv') ? 'csv' : value.endsWith('.npy') ? 'npy' : undefined;
  const expected = `one of ${TOY_DATASET_NAMES.map((n) => `"${n}"`).join(', ')}, or a path to a .csv or .npy file`;
  if (kind === undefined) throw new InvalidArgumentError('--data', expected, clip(value));
  await requireFile(value, '--data', `an existing .${kind} file`);
  try {
    return await (kind === 'csv' ? loadCsv(value) : loadNpy(value));
  } catch (error) {
    throw asInputError(error, '--data', `a readable .${kind} file`, value);
  }
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
