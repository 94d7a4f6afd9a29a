import { InvalidArgumentError } from '@gen/core';
import { createFolder, nodeModules } from './files.js';

let temporaryCounter = 0;

/**
 * Reads a whole file (Node only).
 *
 * @remarks
 * `node:fs/promises` is imported when this runs, by a name bundlers leave alone, so modules that import this one
 * still load in a browser (where calling it fails).
 *
 * @param path - The file's path.
 * @param parameter - The name to report in errors.
 * @returns The file's bytes, owned by the caller.
 * @throws `InvalidArgumentError` naming `parameter` when the file cannot be read (missing, a directory, no
 *   permission), with Node's error code and the original error as `cause`.
 * @example
 * ```ts
 * const bytes = await readFileBytes('runs/moons/model.safetensors', 'source');
 * ```
 */
export async function readFileBytes(path: string, parameter: string): Promise<Uint8Array> {
  const { fs } = await nodeModules();
  try {
    return await fs.readFile(path);
  } catch (error) {
    throw fileError(parameter, 'a readable file', path, error);
  }
}

/**
 * Writes a file atomically (Node only): the bytes go to a temporary sibling that is then renamed over `path`, so
 * the file is never seen half-written and an earlier file survives a failed write. Missing parent directories are
 * created.
 *
 * @param path - The file's path.
 * @param bytes - The contents; not modified.
 * @param parameter - The name to report in errors.
 * @throws `InvalidArgumentError` naming `parameter` when the file cannot be written, with Node's error code and
 *   the original error as `cause`.
 * @example
 * ```ts
 * await writeFileAtomically('runs/moons/model.safetensors', bytes, 'target');
 * ```
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array, parameter: string): Promise<void> {
  const { fs } = await nodeModules();
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
  temporaryCounter += 1;
  const temporary = `${path}.${pid}-${temporaryCounter}.tmp`;
  if (slash > 0) await createFolder(path.slice(0, slash), parameter);
  try {
    await fs.writeFile(temporary, bytes);
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw fileError(parameter, 'a writable file path', path, error);
  }
}

function fileError(parameter: string, expected: string, path: string, error: unknown): InvalidArgumentError {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' ? code : error instanceof Error ? error.message.slice(0, 200) : 'failed';
  const wrapped = new InvalidArgumentError(parameter, expected, path.slice(0, 300), `The file system said ${reason}.`);
  (wrapped as { cause?: unknown }).cause = error;
  return wrapped;
}
