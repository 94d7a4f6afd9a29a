import { InvalidArgumentError } from '@gen/core';

/** What `stat` and `lstat` report that gen's file code uses. */
interface NodeStats {
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** The part of `node:fs/promises` gen's file code uses (typed here so the package builds without Node's types). */
export interface NodeFs {
  mkdir(path: string, options?: { recursive: true }): Promise<unknown>;
  readFile(path: string | URL): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true; recursive?: boolean }): Promise<void>;
  stat(path: string): Promise<NodeStats>;
  lstat(path: string): Promise<NodeStats>;
  realpath(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
}

/** The part of `node:path` gen's file code uses. */
export interface NodePath {
  join(...parts: string[]): string;
  dirname(path: string): string;
  resolve(...parts: string[]): string;
  relative(from: string, to: string): string;
  isAbsolute(path: string): boolean;
  readonly sep: string;
}

/**
 * Imports Node's file-system and path modules by names that bundlers leave alone (variable specifiers, marked
 * `@vite-ignore` and `webpackIgnore`), so modules that use them still load in a browser (where calling this fails):
 * the root entry's functions that take a file path (model files, `train`'s checkpoints) call it only then.
 *
 * @returns `node:fs/promises` and `node:path`.
 * @example
 * ```ts
 * const { fs, nodePath } = await nodeModules();
 * ```
 */
export async function nodeModules(): Promise<{ fs: NodeFs; nodePath: NodePath }> {
  const fsName = 'node:fs/promises';
  const pathName = 'node:path';
  const [fs, nodePath] = await Promise.all([
    import(/* @vite-ignore */ /* webpackIgnore: true */ fsName),
    import(/* @vite-ignore */ /* webpackIgnore: true */ pathName),
  ]);
  return { fs: fs as NodeFs, nodePath: nodePath as NodePath };
}

/**
 * The error for a file whose content is unusable: an `InvalidArgumentError` naming the parameter that led to the
 * file, what was expected and what arrived, with the file's path.
 *
 * @param parameter - The parameter that named the file (or its folder), e.g. `"resumeFrom"`.
 * @param file - The file's path.
 * @param expected - What the file must hold, phrased to follow "expected".
 * @param received - What it holds (described with `describeValue`, so strings are cut to 80 characters).
 * @returns The error, to throw.
 * @example
 * ```ts
 * throw invalidFile('resumeFrom', 'runs/x/checkpoints/latest', 'a "latest" file naming a step-<n> folder', '../x');
 * ```
 */
export function invalidFile(
  parameter: string,
  file: string,
  expected: string,
  received: unknown,
): InvalidArgumentError {
  return new InvalidArgumentError(parameter, expected, received, `In ${file}.`);
}

/**
 * Reads a whole file, turning every file-system failure into a typed error that names the file.
 *
 * @param file - The file's path.
 * @param parameter - The parameter that named the file (or its folder), for the error.
 * @param maxBytes - The largest size accepted, checked before reading (default: any).
 * @returns The file's bytes.
 * @throws `InvalidArgumentError` naming `parameter`, with the file's path and the system's error code (`ENOENT`,
 *   `EACCES`, …), when the file cannot be read, is not a regular file, or is larger than `maxBytes`.
 * @example
 * ```ts
 * const bytes = await readInputFile('runs/x/model/model.json', 'path', 16 * 2 ** 20);
 * ```
 */
export async function readInputFile(
  file: string,
  parameter: string,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<Uint8Array> {
  const { fs } = await nodeModules();
  const stats = await fs.stat(file).catch((error: unknown) => {
    throw unreadable(parameter, file, error);
  });
  if (!stats.isFile()) throw invalidFile(parameter, file, 'a regular file', 'a folder or other non-file');
  if (stats.size > maxBytes)
    throw invalidFile(parameter, file, `a file of at most ${maxBytes} bytes`, `${stats.size} bytes`);
  return fs.readFile(file).catch((error: unknown) => {
    throw unreadable(parameter, file, error);
  });
}

/**
 * The typed error for a file-system failure: its code and reason (e.g. `"ENOENT: no such file or directory"`),
 * without the raw error's own path.
 *
 * @param parameter - The parameter that named the file.
 * @param file - The file's path.
 * @param error - What the file system threw.
 * @returns The error, to throw.
 * @example
 * ```ts
 * const bytes = await fs.readFile(file).catch((error: unknown) => {
 *   throw unreadable('path', file, error);
 * });
 * ```
 */
export function unreadable(parameter: string, file: string, error: unknown): InvalidArgumentError {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.split(', ')[0] ?? message;
  return new InvalidArgumentError(parameter, 'a readable file', reason, `In ${file}.`);
}

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
 * parameter; anything else (a bug, a gen error) is returned unchanged.
 *
 * @param error - The caught error.
 * @param parameter - The parameter or option that named the path, e.g. `--out` or `checkpointDir`.
 * @param expected - What the path must be.
 * @param path - The path (echoed cut to 80 characters).
 * @returns The error to throw.
 * @example
 * ```ts
 * await mkdir(dir).catch((e) => { throw pathError(e, '--out', 'a folder that can be created', dir); });
 * ```
 */
export function pathError(error: unknown, parameter: string, expected: string, path: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('E')) return error;
  return new InvalidArgumentError(parameter, expected, path, `${REASONS[code] ?? 'It cannot be used'} (${code}).`);
}

/**
 * Creates a folder and its missing parents one level at a time, checking each. Node's `mkdir(…, { recursive: true })`
 * never returns on some paths (`/proc/x` spins at 100% CPU in Node 20); this ends after at most one call per path
 * component.
 *
 * @param path - The folder.
 * @param parameter - The parameter or option that named it, for the error.
 * @returns Whether the folder was created (false when it existed).
 * @throws `InvalidArgumentError` naming `parameter` when the path is a file, lies under a file, or cannot be created
 *   (permission, read-only or virtual file system).
 * @example
 * ```ts
 * await createFolder('runs/moons', '--out');
 * ```
 */
export async function createFolder(path: string, parameter: string): Promise<boolean> {
  const { fs, nodePath } = await nodeModules();
  const { dirname, resolve } = nodePath;
  const expected = 'a folder that exists or can be created';
  const missing: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const info = await fs.lstat(dir).catch((e: unknown) => {
      if ((e as { code?: string }).code === 'ENOENT') return undefined;
      throw pathError(e, parameter, expected, path);
    });
    if (info !== undefined) {
      const isFolder = info.isDirectory() || (info.isSymbolicLink() && (await isFolderTarget(fs, dir)));
      if (!isFolder) {
        const where = dir === resolve(path) ? 'It is a file.' : `${dir.slice(0, 80)} is a file, not a folder.`;
        throw new InvalidArgumentError(parameter, expected, path, where);
      }
      break;
    }
    missing.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing) {
    await fs.mkdir(dir).catch((e: unknown) => {
      const code = (e as { code?: string }).code;
      if (code === 'EEXIST') return;
      if (code === 'ENOENT') {
        throw new InvalidArgumentError(
          parameter,
          expected,
          path,
          `${dir.slice(0, 80)} cannot be created there (ENOENT).`,
        );
      }
      throw pathError(e, parameter, expected, path);
    });
  }
  return missing.length > 0;
}

async function isFolderTarget(fs: NodeFs, link: string): Promise<boolean> {
  const target = await fs.stat(link).catch(() => undefined);
  return target?.isDirectory() ?? false;
}
