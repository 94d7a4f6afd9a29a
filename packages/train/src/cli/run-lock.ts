import { InvalidArgumentError } from '@gen/core';
import { clip } from './option-types.js';
import { pathError } from './paths.js';

/** Lock attempts of this process, to name each attempt's temporary file apart. */
let attempts = 0;

/** The lock file `gen train` holds in its `--out` folder while it runs. */
export const LOCK_FILE = '.gen-lock';

/**
 * Locks a run folder for one `gen train`: creates `<dir>/.gen-lock` holding this process's id (atomically, by
 * linking a finished file into place).
 *
 * @remarks
 * A lock whose process no longer runs (a killed run) is stale and is taken over. A lock held by a live process,
 * this one included, refuses the folder. The check uses the process id on this machine, so folders shared between
 * machines (NFS) are not protected across them.
 *
 * @param dir - The run folder (it exists).
 * @returns A function that releases the lock (it removes the file only while it still holds this process's id).
 * @throws `InvalidArgumentError` naming `--out` when another live process holds the lock or the folder is not
 *   writable.
 * @example
 * ```ts
 * const release = await lockRunFolder('runs/moons');
 * try { … } finally { await release(); }
 * ```
 */
export async function lockRunFolder(dir: string): Promise<() => Promise<void>> {
  const { link, readFile, rm, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const lock = join(dir, LOCK_FILE);
  attempts += 1;
  const mine = `${lock}.${process.pid}.${attempts}`;
  await writeFile(mine, `${process.pid}\n`).catch((e: unknown) => {
    throw pathError(e, '--out', 'a writable folder', dir);
  });
  try {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await link(mine, lock);
        return async () => {
          if ((await readFile(lock, 'utf8').catch(() => '')).trim() === String(process.pid)) await rm(lock);
        };
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw pathError(error, '--out', 'a writable folder', dir);
      }
      const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new InvalidArgumentError(
          '--out',
          'a folder that no other `gen train` is using',
          clip(dir),
          `Process ${holder} holds its lock ${clip(lock)}; wait for it to end or stop it ` +
            '(the lock of a process that no longer runs is taken over).',
        );
      }
      await rm(lock, { force: true });
    }
    throw new InvalidArgumentError(
      '--out',
      'a folder whose lock can be taken',
      clip(dir),
      'Another process raced for it.',
    );
  } finally {
    await rm(mine, { force: true });
  }
}

/** Whether a process with this id runs on this machine (EPERM: it runs under another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
