import { detectEnvironment } from '../../../backend/environment.js';
import { InvalidArgumentError } from '../../../errors/invalid-argument-error.js';
import { assertInteger } from '../../../validation/numbers.js';
import { importNodeBuiltin } from './import-node-builtin.js';

/** The most threads a kernel pool uses unless told otherwise: row-split MLP kernels stop scaling well beyond it. */
export const MAX_DEFAULT_THREADS = 8;

/** The environment variable that sets the kernel pool's thread count in Node (`GEN_THREADS=1`: no workers). */
export const THREADS_ENV = 'GEN_THREADS';

/**
 * How many threads (the calling one included) a kernel pool should use: `requested` when given, else the
 * `GEN_THREADS` environment variable in Node, else the machine's logical cores (`os.availableParallelism()` in
 * Node, `navigator.hardwareConcurrency` in a browser) capped at {@link MAX_DEFAULT_THREADS}.
 *
 * @param requested - An explicit count, an integer ≥ 1 (1 = no workers).
 * @returns The thread count, an integer ≥ 1.
 * @throws {@link InvalidArgumentError} when `requested` or `GEN_THREADS` is not an integer ≥ 1.
 */
export async function resolveThreadCount(requested?: number): Promise<number> {
  if (requested !== undefined) return assertInteger('threads', requested, 1);
  if (detectEnvironment() === 'node') {
    const fromEnv = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
      THREADS_ENV
    ];
    if (fromEnv !== undefined && fromEnv !== '') {
      const parsed = /^\d+$/.test(fromEnv) ? Number(fromEnv) : Number.NaN;
      if (!(parsed >= 1)) throw new InvalidArgumentError(THREADS_ENV, 'an integer ≥ 1', fromEnv.slice(0, 40));
      return parsed;
    }
    const os = await importNodeBuiltin<{ availableParallelism?: () => number }>('node:os');
    return Math.min(MAX_DEFAULT_THREADS, Math.max(1, os.availableParallelism?.() ?? 1));
  }
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.min(MAX_DEFAULT_THREADS, Math.max(1, cores ?? 1));
}
