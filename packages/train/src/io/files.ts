import { InvalidArgumentError } from '@gen/core';

/** What `stat` reports that the readers use. */
interface NodeStats {
  size: number;
  isFile(): boolean;
}

/** The part of `node:fs/promises` gen's file code uses (typed here so the package builds without Node's types). */
export interface NodeFs {
  mkdir(path: string, options?: { recursive: true }): Promise<unknown>;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true; recursive?: boolean }): Promise<void>;
  stat(path: string): Promise<NodeStats>;
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
