import { detectEnvironment } from '../../../backend/environment.js';
import { InvalidArgumentError } from '../../../errors/invalid-argument-error.js';
import { KernelThreadError } from '../../../errors/kernel-thread-error.js';
import { assertInteger, assertPositive } from '../../../validation/numbers.js';
import {
  ARGS_OFFSET,
  CHUNK_ROWS,
  CLAIM,
  CLAIMED_BY_CALLER,
  DONE,
  FN,
  HEADER_BYTES,
  MAX_ARGS,
  NARGS,
  NEXT_CHUNK,
  ROWS,
  SEQ,
  SPIN_POLLS,
  STATUS,
  STOP,
  slotOffset,
  TEXT_BYTES,
  TEXT_LENGTH,
  TEXT_OFFSET,
} from './control-block.js';
import { spawnWorker, type WorkerHandle } from './spawn-worker.js';
import { resolveThreadCount } from './thread-count.js';
import type { KernelCode, NativeKernelCode } from './worker-source.js';

/** Options of {@link KernelPool.create}. */
export interface KernelPoolOptions {
  /**
   * Threads, the calling one included: an integer ≥ 1, where 1 starts no workers. Default: `GEN_THREADS` in
   * Node, else the machine's logical cores capped at 8 (see `resolveThreadCount`).
   */
  readonly threads?: number;
  /**
   * How long, in milliseconds, a call waits for a worker's share (and startup waits for a worker) before it
   * terminates that worker and throws {@link KernelThreadError}. Default 60 000: a hang guard, not a speed bound.
   */
  readonly timeoutMs?: number;
}

/** Options of {@link KernelPool.run}. */
export interface KernelRunOptions {
  /** The fewest rows worth handing a thread (where splitting starts to pay), an integer ≥ 1. Default 1. */
  readonly minRowsPerThread?: number;
  /**
   * Rows per chunk, an integer ≥ 1, for a function whose rows are independent (a row's result does not depend on
   * which call computed it, so not a reduction over rows): the rows are cut into chunks of this many, and every
   * thread claims the next unclaimed chunk until none is left, so a faster or less loaded core computes more of
   * them. `args(part)` then gives thread `part`'s arguments (its own scratch), and the function is called once per
   * chunk. Default: one contiguous part per thread.
   */
  readonly chunkRows?: number;
}

/** Why a pool runs on the calling thread alone although more threads were asked for, or `undefined`. */
function singleThreadReason(memory: WebAssembly.Memory): string | undefined {
  if (typeof SharedArrayBuffer !== 'function') return 'SharedArrayBuffer is unavailable (not cross-origin isolated)';
  if (!(memory.buffer instanceof SharedArrayBuffer)) return 'the memory is not shared';
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown };
  if (detectEnvironment() !== 'node') {
    if (g.crossOriginIsolated === false) return 'the page is not cross-origin isolated';
    if (typeof g.Worker !== 'function') return 'Web Workers are unavailable';
  }
  return undefined;
}

/** One worker and its view of the control block. */
interface PoolWorker {
  readonly handle: WorkerHandle;
  readonly words: Int32Array;
  readonly args: Float64Array;
  readonly text: Uint8Array;
  /** The number of the latest call handed to it. */
  seq: number;
}

/**
 * Runs the exported batch functions of one wasm module on several threads at once: workers that each instantiate
 * the same compiled `WebAssembly.Module` on the same shared `WebAssembly.Memory` (or, in Node, bind a native addon
 * with the module's ABI to it: {@link NativeKernelCode}), and the calling thread.
 *
 * @remarks
 * Every function it runs takes the half-open row range `row_begin, row_end` of the batch as its last two arguments
 * and writes only those rows' outputs (gen's wasm kernel ABI, `native/kernels/gen_kernels.h`). {@link KernelPool.run}
 * splits the rows into contiguous ranges that differ in size by at most one, hands one to each worker through a
 * shared control block (`Atomics.notify`), runs the first range itself, then runs any range whose worker has not
 * started it yet (each range is claimed once, with `Atomics.compareExchange`, so on a busy machine a worker that
 * has not woken yet costs the call nothing), and waits for the others with `Atomics.wait` (spinning on
 * `Atomics.load` on a browser's main thread, where waiting is not allowed). A row's
 * result does not depend on the split, so threaded and single-threaded results are bit-equal for kernels whose rows
 * are independent.
 *
 * With one thread, without `SharedArrayBuffer` (a page that is not cross-origin isolated), with memory that is not
 * shared, or after {@link KernelPool.dispose}, every call runs on the calling thread alone, with the same results.
 * Node workers are `unref`'d: a live pool never keeps the process alive. A worker's trap or a worker that does not
 * answer within `timeoutMs` becomes a {@link KernelThreadError} once the other shares finished (as does a trap in a
 * worker's range that the calling thread took over); a worker that timed out is terminated and the pool goes on
 * without it.
 *
 * @example
 * ```ts
 * const memory = new WebAssembly.Memory({ initial: 64, maximum: 1024, shared: true });
 * const instance = new WebAssembly.Instance(module, { env: { memory } });
 * const pool = await KernelPool.create(module, instance.exports, memory, { threads: 2 });
 * pool.run('affine_rows', 257, [outPtr, xPtr, cols, 2.5]); // rows [0, 128) here, [128, 257) on the worker
 * await pool.dispose();
 * ```
 */
export class KernelPool {
  /** Why the pool runs on one thread although more were asked for (no shared memory, ...), or `undefined`. */
  readonly singleThreadReason: string | undefined;

  readonly #exports: Readonly<Record<string, unknown>>;
  readonly #names: ReadonlyMap<string, number>;
  readonly #timeoutMs: number;
  readonly #canBlock: boolean;
  /** The control block's shared header (the chunk counter); empty without workers. */
  readonly #header: Int32Array<ArrayBufferLike>;
  #workers: PoolWorker[];

  private constructor(
    exports: Readonly<Record<string, unknown>>,
    names: ReadonlyMap<string, number>,
    workers: PoolWorker[],
    timeoutMs: number,
    reason: string | undefined,
    header: Int32Array<ArrayBufferLike> = new Int32Array(HEADER_BYTES / 4),
  ) {
    this.#exports = exports;
    this.#header = header;
    this.#names = names;
    this.#workers = workers;
    this.#timeoutMs = timeoutMs;
    this.#canBlock = detectEnvironment() !== 'browser';
    this.singleThreadReason = reason;
  }

  /**
   * Starts a pool for a module (or native addon) and the calling thread's instance of it, and waits until every
   * worker is ready.
   *
   * @param code - The compiled module, which imports only `env.memory`; or, in Node, a native addon with the same
   *   ABI, which each worker binds to `memory`.
   * @param exports - The functions of the calling thread's instance of `code` on `memory`; the pool runs the
   *   calling thread's share of each call with them.
   * @param memory - The shared memory every instance imports as `env.memory` (or is bound to).
   * @param options - Thread count and time bound.
   * @returns The pool, owned by the caller, who disposes it.
   * @throws {@link InvalidArgumentError} for a bad option; {@link KernelThreadError} (`kernel: "startup"`) when a
   *   worker cannot start (the others are terminated).
   */
  static async create(
    code: KernelCode,
    exports: Readonly<Record<string, unknown>>,
    memory: WebAssembly.Memory,
    options: KernelPoolOptions = {},
  ): Promise<KernelPool> {
    const timeoutMs = options.timeoutMs === undefined ? 60_000 : assertPositive('timeoutMs', options.timeoutMs);
    const threads = await resolveThreadCount(options.threads);
    const names =
      code instanceof WebAssembly.Module
        ? WebAssembly.Module.exports(code)
            .filter((entry) => entry.kind === 'function')
            .map((entry) => entry.name)
        : code.names;
    const index = new Map(names.map((name, i) => [name, i]));
    const reason = threads > 1 ? singleThreadReason(memory) : undefined;
    if (threads === 1 || reason !== undefined) return new KernelPool(exports, index, [], timeoutMs, reason);
    const control = new SharedArrayBuffer(slotOffset(threads - 1));
    const started: PoolWorker[] = [];
    try {
      for (let slot = 0; slot < threads - 1; slot += 1) {
        const base = slotOffset(slot);
        const handle = await spawnWorker({ code, memory, control, slotAt: base, names });
        started.push({
          handle,
          words: new Int32Array(control, base, ARGS_OFFSET / 4),
          args: new Float64Array(control, base + ARGS_OFFSET, MAX_ARGS),
          text: new Uint8Array(control, base + TEXT_OFFSET, TEXT_BYTES),
          seq: 0,
        });
      }
      await Promise.all(started.map((worker, i) => withTimeout(worker.handle.ready, timeoutMs, i + 1)));
    } catch (error) {
      for (const worker of started) void worker.handle.terminate();
      if (KernelThreadError.isInstance(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new KernelThreadError(started.length, 'startup', message.slice(0, 300));
    }
    return new KernelPool(exports, index, started, timeoutMs, undefined, new Int32Array(control, 0, HEADER_BYTES / 4));
  }

  /** The threads a call may use now: the calling one plus every live worker. */
  get threads(): number {
    return 1 + this.#workers.length;
  }

  /**
   * How many parts {@link KernelPool.run} splits `rows` rows into: one per thread, but none shorter than
   * `minRowsPerThread` rows (below `2 · minRowsPerThread` rows, one part on the calling thread).
   *
   * @param rows - The batch rows, an integer ≥ 0.
   * @param minRowsPerThread - The fewest rows worth handing a thread (where splitting starts to pay), ≥ 1.
   * @returns The part count, between 1 and {@link KernelPool.threads}; a caller that gives each part its own
   *   scratch reserves this many.
   */
  partsFor(rows: number, minRowsPerThread = 1): number {
    assertInteger('rows', rows);
    assertInteger('minRowsPerThread', minRowsPerThread, 1);
    this.#workers = this.#workers.filter((worker) => worker.handle.alive());
    return Math.max(1, Math.min(this.#workers.length + 1, Math.floor(rows / minRowsPerThread)));
  }

  /**
   * Runs exported function `name` on `rows` batch rows, split by rows between the threads: without `chunkRows`,
   * part p (0 on the calling thread) calls `name(...args, rowBegin, rowEnd)` on its own contiguous range, the ranges
   * as {@link KernelPool.partsFor} counts them and differing in size by at most one row; with `chunkRows`, each of
   * that many threads calls it on the chunks it claims (see {@link KernelRunOptions.chunkRows}).
   *
   * @param name - An exported function of the module.
   * @param rows - The batch rows, an integer ≥ 0.
   * @param args - The arguments before the row range (pointers, sizes, scalars), at most 22; or a function of the
   *   part number that returns them (e.g. to give each part its own scratch).
   * @param options - The fewest rows per thread, and chunks for independent rows.
   * @throws {@link InvalidArgumentError} for an unknown name, a bad row count, bad options or too many arguments;
   *   {@link KernelThreadError} when a worker's share trapped or did not finish in time; whatever the calling
   *   thread's share threw (after the workers finished).
   */
  run(
    name: string,
    rows: number,
    args: readonly number[] | ((part: number) => readonly number[]),
    options: KernelRunOptions = {},
  ): void {
    const index = this.#names.get(name);
    if (index === undefined) throw new InvalidArgumentError('name', 'a function exported by the module', name);
    const chunkRows = options.chunkRows === undefined ? 0 : assertInteger('chunkRows', options.chunkRows, 1);
    const parts = this.partsFor(rows, options.minRowsPerThread ?? 1);
    const argsOf = typeof args === 'function' ? args : () => args;
    const partArgs = Array.from({ length: parts }, (_, part) => argsOf(part));
    const longest = Math.max(...partArgs.map((list) => list.length));
    if (longest + 2 > MAX_ARGS) {
      throw new InvalidArgumentError('args', `at most ${MAX_ARGS - 2} arguments`, `${longest} arguments`);
    }
    const fn = this.#exports[name] as (...values: number[]) => void;
    const chunked = chunkRows > 0 && parts > 1;
    const boundary = (part: number) => Math.floor((part * rows) / parts);
    /** Runs thread `part`'s share on the calling thread: its range, or chunks until none is left. */
    const runShare = (part: number) => {
      const list = partArgs[part] as readonly number[];
      if (!chunked) {
        fn(...list, boundary(part), boundary(part + 1));
        return;
      }
      for (;;) {
        const begin = Atomics.add(this.#header, NEXT_CHUNK, 1) * chunkRows;
        if (begin >= rows) return;
        fn(...list, begin, Math.min(rows, begin + chunkRows));
      }
    };
    if (chunked) Atomics.store(this.#header, NEXT_CHUNK, 0);
    const handed: PoolWorker[] = [];
    for (let part = 1; part < parts; part += 1) {
      const worker = this.#workers[part - 1] as PoolWorker;
      const list = partArgs[part] as readonly number[];
      worker.args.set(list);
      if (!chunked) {
        worker.args[list.length] = boundary(part);
        worker.args[list.length + 1] = boundary(part + 1);
      }
      worker.words[FN] = index;
      worker.words[NARGS] = chunked ? list.length : list.length + 2;
      worker.words[CHUNK_ROWS] = chunked ? chunkRows : 0;
      worker.words[ROWS] = chunked ? rows : 0;
      Atomics.store(worker.words, CLAIM, 0);
      worker.seq = (worker.seq % 0x7fffffff) + 1;
      Atomics.store(worker.words, SEQ, worker.seq);
      Atomics.notify(worker.words, SEQ);
      handed.push(worker);
    }
    let ownError: unknown;
    let failed = false;
    try {
      runShare(0);
    } catch (error) {
      ownError = error;
      failed = true;
    }
    let workerError: KernelThreadError | undefined;
    const deadline = now() + this.#timeoutMs;
    for (const [i, worker] of handed.entries()) {
      const thread = i + 1;
      if (Atomics.compareExchange(worker.words, CLAIM, 0, CLAIMED_BY_CALLER) === 0) {
        // The worker has not started its share (a busy machine has not woken it yet): run it here instead (in a
        // chunked call, whatever chunks are left).
        try {
          runShare(thread);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          workerError ??= new KernelThreadError(thread, name, message.slice(0, TEXT_BYTES));
        }
      } else if (!this.#waitDone(worker, deadline)) {
        void worker.handle.terminate();
        workerError ??= new KernelThreadError(
          thread,
          name,
          `it did not finish within ${this.#timeoutMs} ms and was terminated; the pool goes on without it.`,
        );
      } else if (worker.words[STATUS] !== 0) {
        const length = worker.words[TEXT_LENGTH] as number;
        const message = new TextDecoder().decode(worker.text.slice(0, length));
        workerError ??= new KernelThreadError(thread, name, message);
      }
    }
    this.#workers = this.#workers.filter((worker) => worker.handle.alive());
    if (failed) throw ownError;
    if (workerError !== undefined) throw workerError;
  }

  /**
   * Stops every worker; later calls run on the calling thread alone. Idempotent.
   *
   * @returns A promise that resolves once every worker's thread has exited (awaiting it is optional).
   */
  dispose(): Promise<void> {
    const exits = this.#workers.map((worker) => {
      Atomics.store(worker.words, SEQ, STOP);
      Atomics.notify(worker.words, SEQ);
      return worker.handle.terminate();
    });
    this.#workers = [];
    return Promise.all(exits).then(() => undefined);
  }

  /** Waits until `worker` finished its latest call or `deadline` passed; returns whether it finished. */
  #waitDone(worker: PoolWorker, deadline: number): boolean {
    // Poll a while first: a worker's share usually ends within that time, and a sleep costs a wake-up.
    for (let polls = 0; polls < SPIN_POLLS; polls += 1) {
      if (Atomics.load(worker.words, DONE) === worker.seq) return true;
    }
    for (;;) {
      const done = Atomics.load(worker.words, DONE);
      if (done === worker.seq) return true;
      if (!worker.handle.alive()) return false;
      const left = deadline - now();
      if (left <= 0) return false;
      if (this.#canBlock) Atomics.wait(worker.words, DONE, done, Math.min(left, 100));
    }
  }
}

/** Milliseconds from a monotonic clock. */
function now(): number {
  return performance.now();
}

/** `promise`, or a startup {@link KernelThreadError} for `thread` once `ms` passed. */
function withTimeout(promise: Promise<void>, ms: number, thread: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KernelThreadError(thread, 'startup', `it was not ready within ${ms} ms.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
