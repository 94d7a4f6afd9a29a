/**
 * Both cores (issue 16): gen's fused kernels on one thread and on two (`startFusedKernelThreads`) beside PyTorch on
 * one and two threads (`torch.set_num_threads`), for the MLP forward pass on 10 000 points and the CFM training
 * step (3×256 SiLU MLP, Adam, fixed tensors) at batch 256 and 1024. Run from packages/train:
 * `node --import tsx bench/threads-speed.ts` (part of `pnpm bench`); PyTorch is measured in the same invocation by
 * bench/torch_threads.py when `/usr/bin/python3 -c "import torch"` works, and left out otherwise. gen's one- and
 * two-thread variants run in alternating blocks of rounds (switching costs a worker start). The table shows the
 * fastest call of each (gen and PyTorch alike): on a shared machine the least disturbed one; only an idle machine
 * gives trustworthy 2-thread speed-ups, so the load average is printed with them, and a warning when a second thread
 * barely sped up the forward pass (whose rows are independent). The last column compares gen as it runs by default
 * (both cores) with PyTorch on one thread. Results go to bench-results/train-threads-speed.json.
 */
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  fusedKernelBuild,
  fusedKernelThreads,
  initBackend,
  randomNormal,
  startFusedKernelThreads,
  stopFusedKernelThreads,
} from '@gen/core';
import { type BenchResult, benchmark, writeBenchResults } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { mlpVectorField } from '../src/models/index.js';
import { Adam } from '../src/optim/adam.js';
import { fixedCfmStep } from './cfm-step.js';

const here = dirname(fileURLToPath(import.meta.url));

/** PyTorch's fastest calls (ms) by `<row>@<threads>`, or undefined when PyTorch is not installed. */
function torchRows(): Record<string, number> | undefined {
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch']).status !== 0) return undefined;
  console.log('measuring PyTorch on 1 and 2 threads with bench/torch_threads.py …');
  const run = spawnSync('/usr/bin/python3', [join(here, 'torch_threads.py')], { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  return (JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { rows: Record<string, number> }).rows;
}

await initBackend('wasm');
const model = mlpVectorField({ dim: 2, hidden: [256, 256, 256], activation: 'silu', seed: 0 });
const variables = [...model.variables];
const adam = new Adam(variables);

const z = randomNormal([10_000, 2], 7);
const rows: { key: string; work: string; run: () => void; rounds: number }[] = [
  { key: 'forward-10000', work: 'MLP forward, 10 000 points', rounds: 10, run: forward },
  { key: 'cfm-step-256', work: 'CFM step, batch 256 (fixed tensors)', rounds: 30, run: fixedCfmStep(model, adam, 256) },
  {
    key: 'cfm-step-1024',
    work: 'CFM step, batch 1024 (fixed tensors)',
    rounds: 10,
    run: fixedCfmStep(model, adam, 1024),
  },
];
function forward(): void {
  const u = model(0.5, z);
  u.dataSync();
  u.dispose();
}

const torch = torchRows();
const load = loadavg().map((l) => l.toFixed(2));
const results: BenchResult[] = [];
const table: string[] = [];
const fmt = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${ms.toFixed(1)} ms`);
const ratio = (a: number, b: number | undefined) => (b === undefined ? 'n/a' : `${(a / b).toFixed(2)}×`);
/** gen's speed-up from a second thread on the forward pass: about 2 when the machine's two cores are really two. */
let forwardScaling = Number.NaN;
for (const row of rows) {
  const samples: Record<number, number[]> = { 1: [], 2: [] };
  // Two blocks per thread count, alternating, so that drifting load touches both.
  for (const threads of [1, 2, 1, 2]) {
    await stopFusedKernelThreads();
    if (threads > 1) await startFusedKernelThreads(threads);
    const result = await benchmark(row.work, `gen, ${fusedKernelThreads()} thread(s)`, row.run, {
      warmup: 2,
      iterations: Math.ceil(row.rounds / 2),
      meta: { row: row.key, threads: fusedKernelThreads(), build: fusedKernelBuild(), load: load.join(' ') },
    });
    results.push(result);
    samples[threads]?.push(...result.samples);
  }
  // The fastest call of each thread count: on a loaded machine the least disturbed one.
  const best = (list: number[] | undefined) => Math.min(...(list ?? [Number.NaN]));
  const [one, two] = [best(samples[1]), best(samples[2])];
  const [t1, t2] = [torch?.[`${row.key}@1`], torch?.[`${row.key}@2`]];
  if (row.key === 'forward-10000') forwardScaling = one / two;
  const line =
    `| ${row.work} | ${fmt(t1)} | ${fmt(t2)} | ${fmt(one)} | ${fmt(two)} | ${(one / two).toFixed(2)}× | ` +
    `${ratio(one, t1)} | ${ratio(two, t2)} | ${ratio(two, t1)} |`;
  table.push(line);
  console.log(line);
}
console.log(
  `\ngen's fused kernels: the ${fusedKernelBuild()} build; load average before: ${load.join(', ')}; after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
if (forwardScaling < 1.3) {
  // The forward pass splits into independent rows, so only shared arithmetic units keep it from scaling.
  console.log(
    `a second thread sped gen's forward pass up only ${forwardScaling.toFixed(2)}×: the two threads shared one core's ` +
      'arithmetic (hyperthreads of one core, or a busy host), so the two-thread figures say little now.',
  );
}
console.log(
  '| work | PyTorch 1 thread | PyTorch 2 | gen 1 thread | gen 2 | gen 1 / 2 | gen / PyTorch, 1 | gen / PyTorch, 2 | ' +
    'gen 2 / PyTorch 1 |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const line of table) console.log(line);
await stopFusedKernelThreads();
tf.dispose(z);
adam.dispose();
model.dispose();
await writeBenchResults('train-threads-speed', results);
