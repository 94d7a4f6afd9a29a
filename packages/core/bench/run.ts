/**
 * Benchmarks of @gen/core: exact versus Hutchinson divergence of the 3×256 SiLU MLP field on a 2-D batch of 1024
 * points, on the wasm and cpu backends, and the exact assignment (OT-CFM's pairing) on the host against SciPy's
 * linear_sum_assignment on the same matrices (bench/assignment.ts), and the blocked two-sample metrics (MMD² with
 * the median heuristic, energy distance) at N = M = 2000 on wasm with their peak tensor memory, and the filter
 * gradient of a U-Net conv layer on wasm (gen's kernel) and cpu, and the builds of gen's fused MLP kernels against
 * each other (bench/fused-builds.ts). Run from packages/core with
 * `node --import tsx bench/run.ts`; writes bench-results/core.json at the repository root.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { divergenceExact, divergenceHutchinson, hutchinsonProbe } from '../src/divergence/index.js';
import { energyDistance, mmd2 } from '../src/metrics/index.js';
import { randomNormal } from '../src/random/index.js';
import {
  type BenchOptions,
  type BenchResult,
  benchmark,
  randomMlpField,
  writeBenchResults,
} from '../src/testing/index.js';
import { runAssignment } from './assignment.js';
import { runConvFilterGradient } from './conv-filter-gradient.js';
import { runFusedBuilds } from './fused-builds.js';

const N = 1024;
const D = 2;
const NAME = `divergence of a 3×256 MLP, N = ${N}, D = ${D}`;

/** The cpu backend is about 25× slower than wasm, so it gets fewer calls. */
const SETTINGS: Record<string, BenchOptions> = {
  wasm: { warmup: 2, iterations: 10 },
  cpu: { warmup: 1, iterations: 5 },
};

async function runOn(backend: string, options: BenchOptions): Promise<BenchResult[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`bench: could not set the ${backend} backend.`);
  await tf.ready();
  const mlp = randomMlpField({ dim: D });
  const x = randomNormal([N, D], 1);
  const probe = hutchinsonProbe([N, D], 2);
  const meta = { n: N, dim: D };
  const timeOne = (compute: () => tf.Tensor) => () => {
    const div = compute();
    div.dataSync();
    div.dispose();
  };
  const exact = await benchmark(
    NAME,
    'exact',
    timeOne(() => divergenceExact(mlp.field, 0.5, x)),
    { ...options, meta },
  );
  const hutchinson = await benchmark(
    NAME,
    'hutchinson',
    timeOne(() => divergenceHutchinson(mlp.field, 0.5, x, probe)),
    { ...options, meta },
  );
  tf.dispose([x, probe]);
  mlp.dispose();
  console.log(`${backend}: exact / hutchinson = ${(exact.medianMs / hutchinson.medianMs).toFixed(2)}`);
  return [exact, hutchinson];
}

/** MMD² (median heuristic) and energy distance of two seeded 2-D Gaussian samples of 2000 points on wasm. */
async function runMetrics(): Promise<BenchResult[]> {
  await tf.setBackend('wasm');
  const n = 2000;
  const [x, y] = [randomNormal([n, 2], 3), randomNormal([n, 2], 4, 0.1)];
  const results: BenchResult[] = [];
  for (const [label, metric] of [
    ['mmd2', () => mmd2(x, y)],
    ['energyDistance', () => energyDistance(x, y)],
  ] as const) {
    const before = tf.memory().numBytes;
    const { peakBytes } = await tf.profile(() => {
      metric();
      return [];
    });
    const result = await benchmark(
      `two-sample metrics, N = M = ${n}, D = 2 (wasm)`,
      label,
      () => {
        metric();
      },
      {
        warmup: 1,
        iterations: 3,
        meta: { n, peakTensorBytes: peakBytes - before },
      },
    );
    console.log(
      `${label}: ${result.medianMs.toFixed(0)} ms, peak tensor memory ${((peakBytes - before) / 2 ** 20).toFixed(1)} MiB`,
    );
    results.push(result);
  }
  tf.dispose([x, y]);
  return results;
}

const results: BenchResult[] = [];
for (const [backend, options] of Object.entries(SETTINGS)) results.push(...(await runOn(backend, options)));
results.push(...(await runAssignment()));
results.push(...(await runMetrics()));
results.push(...(await runConvFilterGradient()));
results.push(...(await runFusedBuilds()));
await writeBenchResults('core', results);
