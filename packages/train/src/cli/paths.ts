import { InvalidArgumentError } from '@gen/core';
import { clip } from './option-types.js';

/** Why a file system call failed, in words, from its error code. */
const REASONS: Record<string, string> = {
  ENOENT: 'It does not exist',
  ENOTDIR: 'A part of the path is a file, not a folder',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EROFS: 'The file system is read-only',
  EISDIR: 'It is a folder',
  EEXIST: 'It already exists',
  ENOSPC: 'No space left on the device',
  ENAMETOOLONG: 'The name is too long',
  ELOOP: 'Too many symbolic links',
};

/**
 * Turns a file system error (ENOENT, EACCES, …) about a path the user gave into an `InvalidArgumentError` naming the
 * option; anything else (a bug, a gen error) is returned unchanged.
 *
 * @param error - The caught error.
 * @param flag - The option that named the path, e.g. `--out`.
 * @param expected - What the path must be.
 * @param path - The path.
 * @returns The error to throw.
 * @example
 * ```ts
 * await mkdir(dir).catch((e) => { throw pathError(e, '--out', 'a folder that can be created', dir); });
 * ```
 */
export function pathError(error: unknown, flag: string, expected: string, path: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('E')) return error;
  return new InvalidArgumentError(flag, expected, clip(path), `${REASONS[code] ?? 'It cannot be used'} (${code}).`);
}

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
 * Creates a folder and its missing parents one level at a time, checking each: unlike `mkdir -p` in Node (which
 * loops forever on some paths such as `/proc/x`), this ends after at most one call per path component.
 *
 * @param path - The folder.
 * @param flag - The option that named it.
 * @returns Whether the folder was created (false when it existed).
 * @throws `InvalidArgumentError` naming the option when the path is a file, lies under a file, or cannot be
 *   created (permission, read-only or virtual file system).
 * @example
 * ```ts
 * await createFolder('runs/moons', '--out');
 * ```
 */
export async function createFolder(path: string, flag: string): Promise<boolean> {
  const { lstat, mkdir, stat } = await import('node:fs/promises');
  const { dirname, resolve } = await import('node:path');
  const expected = 'a folder that exists or can be created';
  const missing: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const info = await lstat(dir).catch((e: unknown) => {
      if ((e as { code?: string }).code === 'ENOENT') return undefined;
      throw pathError(e, flag, expected, path);
    });
    if (info !== undefined) {
      if (!info.isDirectory() && !(info.isSymbolicLink() && (await stat(dir).catch(() => undefined))?.isDirectory())) {
        const where = dir === resolve(path) ? 'It is a file.' : `${clip(dir)} is a file, not a folder.`;
        throw new InvalidArgumentError(flag, expected, clip(path), where);
      }
      break;
    }
    missing.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing) {
    await mkdir(dir).catch((e: unknown) => {
      const code = (e as { code?: string }).code;
      if (code === 'EEXIST') return;
      if (code === 'ENOENT') {
        throw new InvalidArgumentError(flag, expected, clip(path), `${clip(dir)} cannot be created there (ENOENT).`);
      }
      throw pathError(e, flag, expected, path);
    });
  }
  return missing.length > 0;
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
