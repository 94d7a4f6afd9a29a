import { type KernelPool, KernelPool as Pool } from '../wasm/threads/kernel-pool.js';
import { fusedRuntime } from './fused-runtime.js';
import { genKernelsModule } from './gen-kernels-module.js';

/**
 * The fewest batch rows (or, for elementwise kernels, elements) worth handing one thread, per fused kernel:
 * below twice this a call runs on the calling thread alone. Measured on a 2-core x86 machine in Node 20
 * (bench/threads.ts): a hand-off costs tens of microseconds, a row of the 3×256 MLP's forward pass about 5 µs.
 */
export const MIN_ROWS_PER_THREAD = {
  gen_mlp_forward: 32,
  gen_mlp_backward: 64,
  gen_mlp_divergence: 16,
  gen_adam_update: 32_768,
  gen_add_into: 32_768,
} as const;

/** The fused kernels that run split by rows. */
export type SplitKernel = keyof typeof MIN_ROWS_PER_THREAD;

let pool: KernelPool | undefined;
let starting: Promise<KernelPool> | undefined;

/**
 * Starts the worker threads that gen's fused kernels (MLP forward, backward, divergence, Adam) split their batches
 * over, once per process; later calls return the same pool.
 *
 * @remarks
 * The workers run the fused module on the main thread's shared memory (see `KernelPool`). `threads` defaults to
 * `GEN_THREADS`, else the machine's cores (capped at 8); 1 starts none. Without shared memory or workers (a browser
 * page that is not cross-origin isolated) the kernels stay on one thread. `initBackend` calls it.
 *
 * @param threads - Threads including the calling one (used by the first call only).
 * @returns The pool's thread count.
 * @throws {@link KernelThreadError} when a worker cannot start; {@link InvalidArgumentError} for a bad count.
 * @example
 * ```ts
 * await startFusedKernelThreads(2); // the fused MLP kernels now use two threads
 * ```
 */
export async function startFusedKernelThreads(threads?: number): Promise<number> {
  if (starting === undefined) {
    const runtime = fusedRuntime();
    const options = threads === undefined ? {} : { threads };
    starting = Pool.create(genKernelsModule(), runtime.exports, runtime.memory, options);
    starting.then(
      (started) => {
        pool = started;
      },
      () => {
        starting = undefined;
      },
    );
  }
  return (await starting).threads;
}

/**
 * Stops the fused kernels' workers (they then run on the calling thread alone); a later
 * {@link startFusedKernelThreads} starts new ones.
 *
 * @returns A promise that resolves once the workers' threads exited.
 */
export async function stopFusedKernelThreads(): Promise<void> {
  const current = await starting?.catch(() => undefined);
  starting = undefined;
  pool = undefined;
  await current?.dispose();
}

/**
 * The threads the fused kernels use now (1 before {@link startFusedKernelThreads} or without workers).
 *
 * @returns The thread count.
 */
export function fusedKernelThreads(): number {
  return pool?.threads ?? 1;
}

/**
 * How many parts a fused call on `rows` rows is split into; each needs its own scratch.
 *
 * @param kernel - The kernel.
 * @param rows - Its batch rows (elements for the elementwise kernels).
 * @returns The part count, ≥ 1.
 */
export function fusedParts(kernel: SplitKernel, rows: number): number {
  return pool?.partsFor(rows, MIN_ROWS_PER_THREAD[kernel]) ?? 1;
}

/**
 * Runs a fused kernel on `rows` rows, split between the threads as {@link fusedParts} counts them (on the calling
 * thread alone without a pool).
 *
 * @param kernel - The kernel.
 * @param rows - Its batch rows (elements for the elementwise kernels).
 * @param args - The arguments before the row range, per part (part 0 on the calling thread).
 */
export function runFusedRows(kernel: SplitKernel, rows: number, args: (part: number) => readonly number[]): void {
  if (pool !== undefined) {
    pool.run(kernel, rows, args, MIN_ROWS_PER_THREAD[kernel]);
    return;
  }
  const fn = fusedRuntime().exports[kernel] as (...values: number[]) => void;
  fn(...args(0), 0, rows);
}
