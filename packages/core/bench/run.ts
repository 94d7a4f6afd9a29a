/**
 * Benchmarks of @gen/core: exact versus Hutchinson divergence of the 3×256 SiLU MLP field on a 2-D batch of
 * 1024 points, on the wasm and cpu backends. Run from packages/core with `node --import tsx bench/run.ts`;
 * writes bench-results/core.json at the repository root.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { divergenceExact, divergenceHutchinson, hutchinsonProbe } from '../src/divergence/index.js';
import { randomNormal } from '../src/random/index.js';
import {
  type BenchOptions,
  type BenchResult,
  benchmark,
  randomMlpField,
  writeBenchResults,
} from '../src/testing/index.js';

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

const results: BenchResult[] = [];
for (const [backend, options] of Object.entries(SETTINGS)) results.push(...(await runOn(backend, options)));
await writeBenchResults('core', results);
