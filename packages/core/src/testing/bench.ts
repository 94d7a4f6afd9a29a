import * as tf from '@tensorflow/tfjs';

/** Options of {@link benchmark}. */
export interface BenchOptions {
  /** Untimed calls before measuring (default 2): JIT, kernel compilation, memory pools. */
  warmup?: number;
  /** Timed calls, at least (default 10). */
  iterations?: number;
  /** Keep timing calls beyond `iterations` until their total reaches this many milliseconds (default 0). */
  minTimeMs?: number;
  /** Free-form facts to store with the result, e.g. the batch size. */
  meta?: Record<string, string | number | boolean>;
}

/** One measured benchmark: what {@link benchmark} returns and {@link writeBenchResults} stores. */
export interface BenchResult {
  /** What was measured, e.g. `"divergence 2-D, N = 1024"`. */
  name: string;
  /** The variant, e.g. `"exact"` or `"hutchinson"`. */
  variant: string;
  /** The tfjs backend active during the run. */
  backend: string;
  /** The median time of one call, in milliseconds. */
  medianMs: number;
  /** 1000 / `medianMs`. */
  opsPerSec: number;
  /** The number of timed calls. */
  iterations: number;
  /** Every timed call's duration, in milliseconds, in call order. */
  samples: number[];
  /** The `meta` option, when given. */
  meta?: Record<string, string | number | boolean>;
}

/**
 * Times a function: `warmup` untimed calls, then at least `iterations` timed ones, and reports the median.
 *
 * @remarks
 * Each call is timed with `performance.now()` around `await fn()`, so `fn` must finish its work before it
 * returns: read the result back (`dataSync()` or `await data()`) and dispose it inside `fn`. The median is robust
 * to the occasional garbage-collection pause; all samples are kept for later analysis.
 *
 * @param name - What is measured.
 * @param variant - Which implementation or setting.
 * @param fn - The work of one call; sync or async.
 * @param options - Warm-up calls, timed calls, minimum total time, metadata.
 * @returns The result, with the active backend's name (plain data; no tensors).
 * @throws `Error` when `warmup` is not an integer ≥ 0 or `iterations` not an integer ≥ 1; whatever `fn` throws.
 * @example
 * ```ts
 * const result = await benchmark('matMul 256', 'default', () => {
 *   const y = tf.matMul(a, a);
 *   y.dataSync();
 *   y.dispose();
 * }, { iterations: 20 });
 * console.log(result.medianMs);
 * ```
 */
export async function benchmark(
  name: string,
  variant: string,
  fn: () => void | Promise<void>,
  options: BenchOptions = {},
): Promise<BenchResult> {
  const { warmup = 2, iterations = 10, minTimeMs = 0, meta } = options;
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`benchmark: warmup must be an integer ≥ 0.`);
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`benchmark: iterations must be an integer ≥ 1.`);
  for (let i = 0; i < warmup; i += 1) await fn();
  const samples: number[] = [];
  let total = 0;
  while (samples.length < iterations || total < minTimeMs) {
    const start = performance.now();
    await fn();
    const elapsed = performance.now() - start;
    samples.push(elapsed);
    total += elapsed;
  }
  return benchResult(name, variant, samples, meta);
}

/** Options of {@link benchmarkVariants}. */
export interface VariantBenchOptions {
  /** Untimed calls of each variant before measuring (default 2). */
  warmup?: number;
  /** Timed calls of each variant (default 10); each round calls every variant once. */
  rounds?: number;
  /** Free-form facts to store with every variant's result. */
  meta?: Record<string, string | number | boolean>;
}

/**
 * Times several variants of one piece of work against each other, interleaved: each round calls every variant once,
 * in an order that flips every round, so all variants see the same machine load and drift.
 *
 * @remarks
 * The way to compare implementations on a noisy machine: the ratio of their medians holds even when the absolute
 * times do not. Each call is timed as in {@link benchmark} (the variant must finish its work, readback included).
 *
 * @param name - What is measured.
 * @param variants - `[variant, run]` pairs, at least one.
 * @param options - Warm-up calls, rounds, metadata.
 * @returns One result per variant, in the order given (plain data; no tensors).
 * @throws `Error` when `warmup` is not an integer ≥ 0, `rounds` not an integer ≥ 1, or `variants` is empty;
 *   whatever a variant throws.
 * @example
 * ```ts
 * const [fused, composite] = await benchmarkVariants('stage update', [
 *   ['fused', runFused],
 *   ['composite', runComposite],
 * ]);
 * console.log(composite.medianMs / fused.medianMs);
 * ```
 */
export async function benchmarkVariants(
  name: string,
  variants: ReadonlyArray<readonly [variant: string, run: () => void | Promise<void>]>,
  options: VariantBenchOptions = {},
): Promise<BenchResult[]> {
  const { warmup = 2, rounds = 10, meta } = options;
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`benchmarkVariants: warmup must be an integer ≥ 0.`);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`benchmarkVariants: rounds must be an integer ≥ 1.`);
  if (variants.length === 0) throw new Error('benchmarkVariants: give at least one variant.');
  for (const [, run] of variants) for (let i = 0; i < warmup; i += 1) await run();
  const samples = variants.map((): number[] => []);
  for (let r = 0; r < rounds; r += 1) {
    const order = r % 2 === 0 ? [...variants.keys()] : [...variants.keys()].reverse();
    for (const j of order) {
      const start = performance.now();
      await (variants[j] as readonly [string, () => void | Promise<void>])[1]();
      (samples[j] as number[]).push(performance.now() - start);
    }
  }
  return variants.map(([variant], j) => benchResult(name, variant, samples[j] as number[], meta));
}

function benchResult(
  name: string,
  variant: string,
  samples: number[],
  meta: Record<string, string | number | boolean> | undefined,
): BenchResult {
  const medianMs = median(samples);
  return {
    name,
    variant,
    backend: tf.getBackend(),
    medianMs,
    opsPerSec: 1000 / medianMs,
    iterations: samples.length,
    samples,
    ...(meta === undefined ? {} : { meta: { ...meta } }),
  };
}

/**
 * Writes benchmark results to `<dir>/<packageName>.json` and prints them as a table.
 *
 * @remarks
 * Node only: `node:fs` and `node:path` are imported when the function runs, so the testing entry point still
 * loads in a browser. The default directory is `bench-results` at the monorepo root, the nearest folder above
 * `process.cwd()` that holds `pnpm-workspace.yaml`. The file holds the package name, an ISO date, the Node
 * version and platform, and the results; an existing file is replaced.
 *
 * @param packageName - The short package name, e.g. `"core"`; names the file.
 * @param results - The results to store.
 * @param dir - The output folder (created if missing); defaults to `<repo root>/bench-results`.
 * @returns The path of the written file.
 * @throws `Error` when `dir` is not given and no folder above the working directory holds `pnpm-workspace.yaml`.
 * @example
 * ```ts
 * const results = [await benchmark('matMul', 'default', run)];
 * await writeBenchResults('core', results); // bench-results/core.json
 * ```
 */
export async function writeBenchResults(packageName: string, results: BenchResult[], dir?: string): Promise<string> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const outDir = dir ?? path.join(findRepoRoot(fs, path), 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${packageName}.json`);
  const report = {
    package: packageName,
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    results,
  };
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(formatTable(results));
  console.log(`Wrote ${file}`);
  return file;
}

function findRepoRoot(fs: typeof import('node:fs'), path: typeof import('node:path')): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`writeBenchResults: no pnpm-workspace.yaml above ${process.cwd()}; pass dir explicitly.`);
    }
  }
}

function formatTable(results: readonly BenchResult[]): string {
  const header = ['name', 'variant', 'backend', 'median ms', 'ops/s', 'iterations'];
  const rows = results.map((r) => [
    r.name,
    r.variant,
    r.backend,
    r.medianMs.toFixed(3),
    r.opsPerSec.toFixed(1),
    String(r.iterations),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => (row[j] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, j) => (j >= 3 ? c.padStart(widths[j] as number) : c.padEnd(widths[j] as number))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The median of timing samples (the mean of the middle two for an even count), as {@link benchmark} reports it; for
 * putting samples measured elsewhere (a reference implementation in another process) on the same footing.
 *
 * @param values - The samples, at least one; not modified.
 * @returns Their median.
 * @throws `Error` when `values` is empty.
 * @example
 * ```ts
 * median([3, 1, 2, 10]); // 2.5
 * ```
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median: give at least one value.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
