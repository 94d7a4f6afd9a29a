import { type KernelPool, KernelPool as Pool } from '../wasm/threads/kernel-pool.js';
import { fusedRuntime } from './fused-runtime.js';

/**
 * The work (multiply–adds, or their equivalent) worth handing one thread: about 100 µs of the wasm build on one
 * core of a current x86 CPU (about 30 µs of the AVX-512 build), several times what a hand-off to a worker and its
 * wake-up cost. A call splits its rows only into parts that each carry at least this much, so small batches and
 * small networks stay on the calling thread. (A pool of the AVX-512 build called back to back on 256 rows of the
 * 3×256 MLP halves the forward pass's time on two threads; bench/threads-speed.ts in @gen/train measures a training
 * step.)
 */
export const MIN_WORK_PER_THREAD = 1 << 20;

/** The fused kernels that run split by rows. */
export type SplitKernel =
  | 'gen_mlp_forward'
  | 'gen_mlp_backward_rows'
  | 'gen_mlp_parameter_grads'
  | 'gen_mlp_divergence'
  | 'gen_adam_update';

/**
 * How the kernels split: each one's rows are independent (the parameter gradients are split by the rows of the
 * gradients, each summed over the whole batch), so they run in chunks of a multiple of `alignment` rows, which the
 * threads claim as they go (a slower or busier core takes fewer): the MLP's row blocks, 16 elements for Adam, eight
 * units (rows of a weight gradient: the widest register tile) for the parameter gradients. `chunksPerThread` chunks
 * per thread keep the last chunk a small part of any thread's share; the parameter gradients take fewer, longer
 * chunks, since every call packs its layers' ∂L/∂z anew.
 */
const SPLITS: Readonly<Record<SplitKernel, { readonly alignment: number; readonly chunksPerThread: number }>> = {
  gen_mlp_forward: { alignment: 32, chunksPerThread: 16 },
  gen_mlp_divergence: { alignment: 32, chunksPerThread: 16 },
  gen_mlp_backward_rows: { alignment: 32, chunksPerThread: 16 },
  gen_mlp_parameter_grads: { alignment: 8, chunksPerThread: 4 },
  gen_adam_update: { alignment: 16, chunksPerThread: 16 },
};

/** The fewest rows per thread for rows of `workPerRow` multiply–adds each. */
function minRowsPerThread(workPerRow: number): number {
  return Math.max(1, Math.ceil(MIN_WORK_PER_THREAD / Math.max(1, workPerRow)));
}

let pool: KernelPool | undefined;
let starting: Promise<KernelPool> | undefined;

/**
 * Starts the worker threads that gen's fused kernels (MLP forward, backward, divergence, Adam) split their batches
 * over, once per process; later calls return the same pool.
 *
 * @remarks
 * The workers run the main thread's build of the kernels (the wasm module, or the native addon) on its shared
 * memory (see `KernelPool`). `threads` defaults to `GEN_THREADS`, else the machine's cores (capped at 8); 1 starts
 * none. Without shared memory or workers (a browser page that is not cross-origin isolated) the kernels stay on one
 * thread. `initBackend` calls it.
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
    starting = Pool.create(runtime.code, runtime.exports, runtime.memory, options);
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
 * @example
 * ```ts
 * await stopFusedKernelThreads(); // fusedKernelThreads() is 1 from here on
 * ```
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
 * @example
 * ```ts
 * await initBackend('wasm');
 * console.log(`gen's fused kernels run on ${fusedKernelThreads()} thread(s)`);
 * ```
 */
export function fusedKernelThreads(): number {
  return pool?.threads ?? 1;
}

/**
 * How many parts a fused call on `rows` rows is split into; each needs its own scratch.
 *
 * @param rows - The call's batch rows (elements for the elementwise kernels).
 * @param workPerRow - Multiply–adds per row (see {@link MIN_WORK_PER_THREAD}).
 * @returns The part count, ≥ 1.
 */
export function fusedParts(rows: number, workPerRow: number): number {
  return pool?.partsFor(rows, minRowsPerThread(workPerRow)) ?? 1;
}

/**
 * Runs a fused kernel on `rows` rows, split between the threads as {@link fusedParts} counts them (on the calling
 * thread alone without a pool), in chunks that the threads claim as they go.
 *
 * @param kernel - The kernel.
 * @param rows - Its batch rows (elements for the elementwise kernels).
 * @param workPerRow - Multiply–adds per row, as given to {@link fusedParts}.
 * @param args - The arguments before the row range, per part (part 0 on the calling thread), e.g. its scratch.
 */
export function runFusedRows(
  kernel: SplitKernel,
  rows: number,
  workPerRow: number,
  args: (part: number) => readonly number[],
): void {
  if (pool !== undefined) {
    const minRows = minRowsPerThread(workPerRow);
    const { alignment, chunksPerThread } = SPLITS[kernel];
    const perChunk = Math.ceil(rows / (pool.threads * chunksPerThread));
    const chunkRows = Math.max(alignment, Math.ceil(perChunk / alignment) * alignment);
    pool.run(kernel, rows, args, { minRowsPerThread: minRows, chunkRows });
    return;
  }
  const fn = fusedRuntime().exports[kernel] as (...values: number[]) => void;
  fn(...args(0), 0, rows);
}
