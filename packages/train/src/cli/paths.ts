import { InvalidArgumentError } from '@gen/core';
import { createFolder, pathError } from '../io/files.js';
import { clip } from './option-types.js';

export { createFolder, pathError };

/**
 * Checks that a path the user gave is an existing file.
 *
 * @param path - The path.
 * @param flag - The option that named it.
 * @param what - What it must be, e.g. `a .csv or .npy file`.
 * @throws `InvalidArgumentError` naming the option when it is missing, a folder, or unreadable.
 * @example
 * ```ts
 * await requireFile('data.csv', '--data', 'a .csv or .npy file');
 * ```
 */
export async function requireFile(path: string, flag: string, what: string): Promise<void> {
  const { stat } = await import('node:fs/promises');
  const info = await stat(path).catch((e: unknown) => {
    throw pathError(e, flag, what, path);
  });
  if (!info.isFile()) throw new InvalidArgumentError(flag, what, clip(path), 'It is not a file.');
}

/**
 * Checks that a path the user gave is an existing folder.
 *
 * @param path - The path.
 * @param flag - The option that named it.
 * @param what - What it must be.
 * @throws `InvalidArgumentError` naming the option when it is missing, a file, or unreadable.
 * @example
 * ```ts
 * await requireFolder('runs/moons', '--model', 'a folder written by `gen train`');
 * ```
 */
export async function requireFolder(path: string, flag: string, what: string): Promise<void> {
  const { stat } = await import('node:fs/promises');
  const info = await stat(path).catch((e: unknown) => {
    throw pathError(e, flag, what, path);
  });
  if (!info.isDirectory()) throw new InvalidArgumentError(flag, what, clip(path), 'It is not a folder.');
}

/**
 * An output file claimed before the work that fills it: its extension and folder are checked and a partial file
 * next to it is created up front (so an unwritable place fails before any work); {@link OutputFile.commit} writes
 * the content and renames it into place, {@link OutputFile.abandon} removes the partial file.
 */
export interface OutputFile {
  /** The final path. */
  readonly path: string;
  /**
   * Writes the content and moves it into place atomically.
   *
   * @param content - The file's bytes or text.
   */
  commit(content: Uint8Array | string): Promise<void>;
  /** Removes the partial file (after a failure). */
  abandon(): Promise<void>;
}

/**
 * Claims an output file: checks its extension and its folder, and creates `<path>.partial` to prove the place is
 * writable.
 *
 * @param path - The output path.
 * @param flag - The option that named it.
 * @param extensions - Accepted extensions with the dot, e.g. `['.csv', '.npy']`.
 * @returns The claimed file.
 * @throws `InvalidArgumentError` naming the option for another extension, a missing folder, a folder in the
 *   file's place, or an unwritable place.
 * @example
 * ```ts
 * const file = await claimOutputFile('samples.csv', '--out', ['.csv', '.npy']);
 * await file.commit(toCsv(x));
 * ```
 */
export async function claimOutputFile(path: string, flag: string, extensions: readonly string[]): Promise<OutputFile> {
  const { open, rename, rm, stat, writeFile } = await import('node:fs/promises');
  const { dirname, extname } = await import('node:path');
  const expected = `a ${extensions.join(' or ')} file in an existing, writable folder`;
  if (!extensions.includes(extname(path).toLowerCase())) {
    throw new InvalidArgumentError(flag, expected, clip(path), `Only ${extensions.join(' and ')} are written.`);
  }
  await requireFolder(dirname(path), flag, expected);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new InvalidArgumentError(flag, expected, clip(path), 'It is a folder.');
  const partial = `${path}.partial`;
  const handle = await open(partial, 'w').catch((e: unknown) => {
    if ((e as { code?: string }).code === 'ENOENT') {
      throw new InvalidArgumentError(flag, expected, clip(path), 'It cannot be created there (ENOENT).');
    }
    throw pathError(e, flag, expected, path);
  });
  await handle.close();
  return {
    path,
    async commit(content) {
      await writeFile(partial, content);
      await rename(partial, path);
    },
    abandon: () => rm(partial, { force: true }),
  };
}
