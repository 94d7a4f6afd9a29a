import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError, KernelThreadError } from '../src/errors/index.js';
import { KernelPool } from '../src/kernels/wasm/threads/kernel-pool.js';
import { resolveThreadCount } from '../src/kernels/wasm/threads/thread-count.js';
import { loadRowKernels } from './fixtures/threads/load-row-kernels.js';

/** Where the fixture's arrays live in its memory (above the module's 64 KiB stack area). */
const X = 1 << 20;
const COLS = 3;

/** Runs `affine_rows` (out = x · 2.5 + row) on `rows` rows of the same input with `pool`; returns out. */
function affine(pool: KernelPool, memory: WebAssembly.Memory, rows: number, minRows = 1): Float32Array {
  const x = new Float32Array(memory.buffer, X, rows * COLS);
  for (let i = 0; i < x.length; i += 1) x[i] = Math.sin(i) * 7.3;
  const outAt = X + rows * COLS * 4;
  new Float32Array(memory.buffer, outAt, rows * COLS).fill(Number.NaN);
  pool.run('affine_rows', rows, [outAt, X, COLS, 2.5], { minRowsPerThread: minRows });
  return new Float32Array(memory.buffer, outAt, rows * COLS).slice();
}

/** {@link affine} as a chunked call (chunks of 5 rows). */
function affineChunked(pool: KernelPool, memory: WebAssembly.Memory, rows: number): Float32Array {
  const x = new Float32Array(memory.buffer, X, rows * COLS);
  for (let i = 0; i < x.length; i += 1) x[i] = Math.sin(i) * 7.3;
  const outAt = X + rows * COLS * 4;
  new Float32Array(memory.buffer, outAt, rows * COLS).fill(Number.NaN);
  pool.run('affine_rows', rows, [outAt, X, COLS, 2.5], { chunkRows: 5 });
  return new Float32Array(memory.buffer, outAt, rows * COLS).slice();
}

const pools: KernelPool[] = [];
async function startPool(threads: number, timeoutMs?: number) {
  const { module, memory, instance } = loadRowKernels();
  const pool = await KernelPool.create(module, instance.exports, memory, {
    threads,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  pools.push(pool);
  return { pool, memory };
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.dispose()));
  vi.unstubAllGlobals();
});

describe('KernelPool', () => {
  it('gives bit-equal results on 1, 2 and 3 threads for batches that split unevenly (0, 1, 2, 3, 257 rows)', async () => {
    const one = await startPool(1);
    const two = await startPool(2);
    const three = await startPool(3);
    expect([one.pool.threads, two.pool.threads, three.pool.threads]).toEqual([1, 2, 3]);
    for (const rows of [0, 1, 2, 3, 257]) {
      const reference = affine(one.pool, one.memory, rows);
      // Every row written: x · 2.5 + row, computed in float32 (no NaN left from the fill).
      const x0 = Math.fround(Math.fround(Math.sin(COLS * (rows - 1)) * 7.3) * 2.5);
      if (rows > 0) expect(reference[COLS * (rows - 1)]).toBe(Math.fround(x0 + (rows - 1)));
      expect(reference.some(Number.isNaN)).toBe(false);
      expect(affine(two.pool, two.memory, rows)).toEqual(reference);
      expect(affine(three.pool, three.memory, rows)).toEqual(reference);
    }
  });

  it('chunked calls: every row computed once, in chunks of chunkRows rows, bit-equal to one thread', async () => {
    const single = await startPool(1);
    for (const threads of [2, 3]) {
      const { pool, memory } = await startPool(threads);
      for (const rows of [0, 1, 6, 7, 257, 1000]) {
        const owner = new Int32Array(memory.buffer, X, rows).fill(0);
        const begin = new Int32Array(memory.buffer, X + 4 * rows, rows).fill(-1);
        pool.run('mark_rows', rows, (part) => [owner.byteOffset, begin.byteOffset, part, -1, 0], { chunkRows: 7 });
        for (let r = 0; r < rows; r += 1) {
          // Each row by exactly one of the threads (owner = part + 1), in the chunk that starts at ⌊r/7⌋·7.
          expect(owner[r]).toBeGreaterThanOrEqual(1);
          expect(owner[r]).toBeLessThanOrEqual(threads);
          expect(begin[r]).toBe(Math.floor(r / 7) * 7);
        }
        expect(affineChunked(pool, memory, rows)).toEqual(affine(single.pool, single.memory, rows));
      }
    }
  });

  it('chunked calls balance the load: a slow worker leaves most chunks to the calling thread', async () => {
    const { pool, memory } = await startPool(2);
    const rows = 200;
    const owner = new Int32Array(memory.buffer, X, rows).fill(0);
    const begin = new Int32Array(memory.buffer, X + 4 * rows, rows);
    // Part 1 (the worker) spins 200 000 atomic loads per row; the caller none. A static split would give each 100.
    pool.run('mark_rows', rows, (part) => [owner.byteOffset, begin.byteOffset, part, 1, 200_000], { chunkRows: 1 });
    const byCaller = owner.filter((who) => who === 1).length;
    expect(owner.filter((who) => who === 2).length + byCaller).toBe(rows);
    expect(byCaller).toBeGreaterThan(150);
  });

  it('splits rows between threads: a trap in the last rows comes from worker 1, one in the first rows from the caller', async () => {
    const { pool } = await startPool(2);
    // 257 rows on 2 threads: the caller runs [0, 128), worker 1 runs [128, 257).
    const fromWorker = (() => {
      try {
        pool.run('trap_on_row', 257, [200]);
      } catch (error) {
        return error;
      }
    })();
    expect(KernelThreadError.isInstance(fromWorker)).toBe(true);
    expect(fromWorker).toMatchObject({ thread: 1, kernel: 'trap_on_row' });
    expect((fromWorker as Error).message).toMatch(/unreachable/);
    // (Also when the caller took over the worker's range because the worker had not started it yet.)
    // The caller's own trap is the wasm RuntimeError itself, thrown after the worker finished.
    expect(() => pool.run('trap_on_row', 257, [5])).toThrow(WebAssembly.RuntimeError);
    // The worker survives a trap: the next call still runs on both threads.
    expect(pool.threads).toBe(2);
    expect(() => pool.run('trap_on_row', 257, [127])).toThrow(WebAssembly.RuntimeError);
    expect(() => pool.run('trap_on_row', 257, [128])).toThrow(KernelThreadError);
    // Below minRowsPerThread · 2 rows the caller runs everything: row 200's trap is then its own.
    expect(() => pool.run('trap_on_row', 257, [200], { minRowsPerThread: 200 })).toThrow(WebAssembly.RuntimeError);
  });

  it('bounds the wait for a worker that does not finish: KernelThreadError, the worker terminated, the pool goes on', async () => {
    // 2 s: also the bound on the worker's startup, which a machine busy with other test processes can take long over.
    const { pool, memory } = await startPool(2, 2000);
    new Int32Array(memory.buffer, X, 2).fill(0);
    const error = (() => {
      try {
        pool.run('hang_in_worker', 2, [X]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(KernelThreadError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ thread: 1, kernel: 'hang_in_worker' });
    expect((error as Error).message).toMatch(/did not finish within 2000 ms/);
    expect(pool.threads).toBe(1);
    const single = await startPool(1);
    expect(affine(pool, memory, 3)).toEqual(affine(single.pool, single.memory, 3));
  });

  it('dispose terminates the workers: it resolves once their threads exited, and calls then run on the caller', async () => {
    const { pool, memory } = await startPool(3);
    const before = affine(pool, memory, 257);
    await pool.dispose();
    expect(pool.threads).toBe(1);
    expect(() => pool.run('trap_on_row', 257, [200])).toThrow(WebAssembly.RuntimeError);
    expect(affine(pool, memory, 257)).toEqual(before);
    await pool.dispose();
  });

  it('lets Node exit with a live pool (workers are unref’d)', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/threads/live-pool-exits.ts', import.meta.url));
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      // The timeout is a hang guard: a process kept alive by its workers is killed and fails the test.
      execFile(process.execPath, ['--import', 'tsx', fixture], { timeout: 60_000 }, (error, out) =>
        resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? null), stdout: out }),
      );
    });
    expect(code).toBe(0);
    // 8 rows of x = 1 on 2 threads: out = 1 · 3 + row, the last row (a worker's) 10.
    expect(stdout.trim()).toBe('threads 2 last 10');
  });

  it('runs on one thread, with the same results, without SharedArrayBuffer', async () => {
    const single = await startPool(1);
    const reference = affine(single.pool, single.memory, 257);
    const { module, memory, instance } = loadRowKernels();
    vi.stubGlobal('SharedArrayBuffer', undefined);
    const pool = await KernelPool.create(module, instance.exports, memory, { threads: 2 });
    pools.push(pool);
    expect(pool.threads).toBe(1);
    expect(pool.singleThreadReason).toMatch(/SharedArrayBuffer is unavailable/);
    expect(affine(pool, memory, 257)).toEqual(reference);
  });

  it('refuses bad arguments with InvalidArgumentError naming them', async () => {
    const { pool } = await startPool(1);
    const named = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return InvalidArgumentError.isInstance(error) ? error.parameter : error;
      }
    };
    expect(named(() => pool.run('no_such_kernel', 3, []))).toBe('name');
    expect(named(() => pool.run('affine_rows', 2.5, [0, 0, 1, 1]))).toBe('rows');
    expect(named(() => pool.run('affine_rows', 3, [0, 0, 1, 1], { minRowsPerThread: 0 }))).toBe('minRowsPerThread');
    expect(named(() => pool.run('affine_rows', 3, new Array(23).fill(0)))).toBe('args');
    expect(named(() => pool.run('affine_rows', 3, [0, 0, 1, 1], { chunkRows: 0 }))).toBe('chunkRows');
    expect(named(() => pool.run('affine_rows', 3, [0, 0, 1, 1], { chunkRows: 2.5 }))).toBe('chunkRows');
    await expect(resolveThreadCount(0)).rejects.toMatchObject({ parameter: 'threads' });
    vi.stubEnv('GEN_THREADS', 'two');
    await expect(resolveThreadCount()).rejects.toMatchObject({ parameter: 'GEN_THREADS' });
    vi.stubEnv('GEN_THREADS', '3');
    await expect(resolveThreadCount()).resolves.toBe(3);
    vi.unstubAllEnvs();
  });
});

const hasClang = (() => {
  try {
    execFileSync('clang', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('kernel-pool.test.ts: clang is not installed; the fixture binary is not rebuilt and compared.');
    return false;
  }
})();

describe.skipIf(!hasClang)('the kernel pool fixture', () => {
  it('is what test/fixtures/threads/build-row-kernels.mjs builds from row-kernels.c', () => {
    const script = fileURLToPath(new URL('./fixtures/threads/build-row-kernels.mjs', import.meta.url));
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toMatch(/up to date/);
  });
});
