import { readInputFile } from '../io/files.js';
import type { ArrayDataset } from './array-dataset.js';
import { parseCsv } from './csv.js';
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

/** The last component of a path. */
function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
