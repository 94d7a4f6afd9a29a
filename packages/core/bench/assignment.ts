import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exactAssignment } from '../src/ot/index.js';
import { Rng } from '../src/random/rng.js';
import { type BenchResult, benchmark, median } from '../src/testing/index.js';

const PYTHON = '/usr/bin/python3';
const SCIPY_SCRIPT = fileURLToPath(new URL('assignment_scipy.py', import.meta.url));

/** The two point clouds of a workload: uniform in the unit square against itself, or against N(0, I) noise. */
const WORKLOADS = [
  { name: 'uniform → uniform', target: 'uniform' },
  { name: 'uniform → N(0, I)', target: 'normal' },
] as const;

/** n = 256 is `gen train`'s default batch; each size solves `count` seeded problems in turn. */
const SIZES = [
  { n: 256, count: 8, iterations: 24 },
  { n: 1024, count: 2, iterations: 4 },
] as const;

/** Squared distances between n seeded points uniform in the unit square and n uniform or N(0, I) points, n × n. */
function cloudCost(n: number, seed: number, target: 'uniform' | 'normal'): Float64Array {
  const rng = new Rng(seed);
  const x = rng.fillUniform(new Float64Array(2 * n));
  const y = target === 'uniform' ? rng.fillUniform(new Float64Array(2 * n)) : rng.fillNormal(new Float64Array(2 * n));
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1) {
      cost[i * n + j] =
        ((x[2 * i] as number) - (y[2 * j] as number)) ** 2 + ((x[2 * i + 1] as number) - (y[2 * j + 1] as number)) ** 2;
    }
  }
  return cost;
}

interface ScipyTiming {
  samples: number[];
  totals: number[];
  scipy: string;
}

/** SciPy's time on the same matrices (bench/assignment_scipy.py), or why there is none. */
function scipyTiming(costs: Float64Array[], n: number, rounds: number): ScipyTiming | string {
  const dir = mkdtempSync(join(tmpdir(), 'gen-assignment-'));
  try {
    const file = join(dir, 'costs.f64');
    writeFileSync(file, Buffer.concat(costs.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))));
    const run = spawnSync(PYTHON, [SCIPY_SCRIPT, file, String(n), String(costs.length), String(rounds)], {
      encoding: 'utf8',
    });
    if (run.status !== 0) return `assignment_scipy.py failed: ${run.stderr.trim().split('\n').at(-1)}`;
    return JSON.parse(run.stdout) as ScipyTiming;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * gen's time on one workload and size, with SciPy's before and after it, and the table row.
 *
 * @param noScipy - Why SciPy is left out, or `undefined` where it runs.
 */
async function runOne(
  workload: (typeof WORKLOADS)[number],
  size: (typeof SIZES)[number],
  noScipy: string | undefined,
): Promise<{ result: BenchResult; row: string }> {
  const { n, count, iterations } = size;
  const costs = Array.from({ length: count }, (_, k) => cloudCost(n, 100 * n + k, workload.target));
  // SciPy runs before and after gen, half its rounds each time, so both see the machine as it was.
  const rounds = Math.max(1, Math.round(iterations / count / 2));
  const before = noScipy ?? scipyTiming(costs, n, rounds);
  const totals = costs.map(() => 0);
  let call = 0;
  const result = await benchmark(
    `exact assignment, ${workload.name}, n = ${n} (host, float64)`,
    'exactAssignment',
    () => {
      const k = call % count;
      call += 1;
      const cost = costs[k] as Float64Array;
      const sigma = exactAssignment(cost, n);
      let total = 0;
      for (let i = 0; i < n; i += 1) total += cost[i * n + (sigma[i] as number)] as number;
      totals[k] = total;
    },
    { warmup: count, iterations, meta: { n } },
  );
  const after = typeof before === 'string' ? before : scipyTiming(costs, n, rounds);
  const prefix = `| ${workload.name} | ${n} | ${result.medianMs.toFixed(2)} ms |`;
  if (typeof before === 'string' || typeof after === 'string') {
    return { result, row: `${prefix} ${typeof before === 'string' ? before : after} | |` };
  }
  const worst = Math.max(...after.totals.map((t, k) => Math.abs(t - (totals[k] as number)) / Math.abs(t)));
  if (worst > 1e-9) throw new Error(`bench: exactAssignment's cost differs from SciPy's by ${worst} (relative).`);
  const scipyMs = median([...before.samples, ...after.samples]);
  result.meta = { n, scipyMs: Number(scipyMs.toFixed(3)), scipy: after.scipy };
  return { result, row: `${prefix} ${scipyMs.toFixed(2)} ms | ${(result.medianMs / scipyMs).toFixed(2)}× |` };
}

/**
 * `exactAssignment` (OT-CFM's pairing) against SciPy's `linear_sum_assignment` on the same seeded squared-distance
 * matrices: 2-D points uniform in the unit square paired with uniform points or with N(0, I) noise, n = 256 and
 * 1024. Checks that both reach the same optimal cost, and prints gen's time, SciPy's and their ratio; SciPy is left
 * out, with the reason printed, where `/usr/bin/python3` has no SciPy.
 *
 * @returns One result per workload and size (gen's time; SciPy's in `meta`).
 */
export async function runAssignment(): Promise<BenchResult[]> {
  const noScipy = spawnSync(PYTHON, ['-c', 'import scipy.optimize']).status === 0 ? undefined : `no SciPy at ${PYTHON}`;
  const results: BenchResult[] = [];
  const table: string[] = [];
  for (const workload of WORKLOADS) {
    for (const size of SIZES) {
      const { result, row } = await runOne(workload, size, noScipy);
      results.push(result);
      table.push(row);
    }
  }
  console.log('\n| exact assignment | n | gen | SciPy linear_sum_assignment | gen / SciPy |');
  console.log('|---|---|---|---|---|');
  for (const line of table) console.log(line);
  return results;
}
