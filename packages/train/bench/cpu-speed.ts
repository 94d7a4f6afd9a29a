/**
 * Issue 16's table, speed on the CPU (from packages/train: `node --import tsx bench/cpu-speed.ts`; part of
 * `pnpm bench`): gen on tfjs's wasm backend before (the composite tfjs kernels, gen's fused kernels suspended) and
 * after (gen's fused kernels, in the build this process runs (`fusedKernelBuild()`: AVX-512 or AVX2 machine code
 * where @gen/core's install script built its addon, else wasm SIMD; `GEN_FUSED_KERNELS=wasm` forces the latter):
 * the MLP's forward pass, its backward pass, Adam, the divergence), next to
 * PyTorch on one thread measured in the same invocation by bench/torch_reference.py `--speed` when
 * `/usr/bin/python3 -c "import torch"` works, or the figures recorded in bench/torch-cpu-speed.json otherwise.
 * Before and after run interleaved, round by round, so their ratio holds on a loaded machine; results go to
 * bench-results/train-cpu-speed.json.
 *
 * The model is the 3×256 SiLU MLP vector field on [x, t] (2-D data), untrained except where a row trains it.
 */
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fusedKernelBuild, fusedKernelThreads, initBackend, randomNormal } from '@gen/core';
import { type BenchResult, benchmarkVariants, suspendFusedKernels, writeBenchResults } from '@gen/core/testing';
import { sample } from '@gen/ode';
import { type Sde, sdeint } from '@gen/sde';
import * as tf from '@tensorflow/tfjs';
import { toyDataset } from '../src/data/index.js';
import { mlpVectorField } from '../src/models/index.js';
import { conditionalFlowMatching } from '../src/objectives/index.js';
import { Adam } from '../src/optim/adam.js';
import { trainStep } from '../src/train-step.js';
import { fixedCfmStep } from './cfm-step.js';

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';

/** PyTorch's figures: measured now when PyTorch imports, the recorded ones otherwise. */
function torchFigures(): { source: string; rows: Record<string, number> } {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status === 0) {
    console.log('measuring PyTorch (one thread) with bench/torch_reference.py --speed …');
    // One thread everywhere: torch's intra-op pool and OpenBLAS's own (which otherwise spins on a busy machine).
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const run = spawnSync(PYTHON, [join(here, 'torch_reference.py'), '--speed'], { encoding: 'utf8', env });
    if (run.status !== 0) {
      // PyTorch is there, so its figures must be measured: a broken script is an error, not a reason to compare
      // against old numbers.
      throw new Error(`bench/torch_reference.py --speed failed: ${run.stderr.trim().split('\n').at(-1)}`);
    }
    const line = run.stdout.trim().split('\n').at(-1) ?? '{}';
    const parsed = JSON.parse(line) as { torch: string; rows: Record<string, number> };
    return { source: `PyTorch ${parsed.torch}, one thread, measured in this invocation`, rows: parsed.rows };
  }
  const recorded = JSON.parse(readFileSync(join(here, 'torch-cpu-speed.json'), 'utf8')) as {
    source: string;
    rows: Record<string, number>;
  };
  return { source: `recorded: ${recorded.source}`, rows: recorded.rows };
}

/** Runs `fn` with gen's fused kernels suspended: the composite tfjs path, as before this work. */
function composite(fn: () => void | Promise<void>): () => Promise<void> {
  return async () => {
    const restore = suspendFusedKernels();
    try {
      await fn();
    } finally {
      restore();
    }
  };
}

interface Row {
  key: string;
  work: string;
  /** The timed call; returns nothing, or the number of field evaluations to divide by (per-evaluation rows). */
  run: () => void | Promise<void>;
  rounds: number;
  warmup: number;
  /** Same work before and after (no MLP inside): measured once. */
  unchanged?: boolean;
}

await initBackend('wasm');
const torch = torchFigures();
const model = mlpVectorField({ dim: 2, hidden: [256, 256, 256], activation: 'silu', seed: 0 });
const variables = [...model.variables];
const adam = new Adam(variables);

const data = toyDataset('moons');
const objective = conditionalFlowMatching();
let update = 0;
const z = randomNormal([10_000, 2], 7);
let dopri5Nfe = 0;
const gbm: Sde = { noise: 'diagonal', drift: (_t, x) => tf.mul(x, 0.5), diffusion: (_t, x) => tf.mul(x, 1) };
const gbmStart = tf.ones([10_000, 1]);
let gbmSeed = 0;

const rows: Row[] = [
  {
    key: 'cfm-step-256',
    work: 'CFM step, batch 256 (fixed tensors)',
    run: fixedCfmStep(model, adam, 256),
    rounds: 30,
    warmup: 3,
  },
  {
    key: 'train-step-256',
    work: 'same through trainStep (fresh moons batch)',
    run: () => {
      trainStep({ model, data, objective, adam, step: update++, batchSize: 256, seed: 0, learningRate: 1e-3 });
    },
    rounds: 30,
    warmup: 3,
  },
  {
    key: 'cfm-step-1024',
    work: 'CFM step, batch 1024 (fixed tensors)',
    run: fixedCfmStep(model, adam, 1024),
    rounds: 10,
    warmup: 2,
  },
  {
    key: 'forward-10000',
    work: 'MLP forward, 10 000 points',
    run: () => {
      const u = model(0.5, z);
      u.dataSync();
      u.dispose();
    },
    rounds: 10,
    warmup: 2,
  },
  {
    key: 'rk4-100-10000',
    work: 'rk4, 100 steps, 10 000 points',
    run: async () => {
      const { x } = await sample(model, z, { method: 'rk4', steps: 100 });
      x.dispose();
    },
    rounds: 1,
    warmup: 0,
  },
  {
    key: 'dopri5-per-evaluation',
    work: 'dopri5 at 1e-5, 10 000 points, per evaluation',
    run: async () => {
      const { x, stats } = await sample(model, z, { method: 'dopri5', rtol: 1e-5, atol: 1e-5 });
      dopri5Nfe = stats.nfe;
      x.dispose();
    },
    rounds: 1,
    warmup: 0,
  },
  {
    key: 'gbm-10000x1000',
    work: 'GBM, 10 000 paths × 1 000 Euler–Maruyama steps',
    run: async () => {
      const { ys } = await sdeint(gbm, gbmStart, [0, 1], { stepSize: 1e-3, seed: gbmSeed++ });
      ys.dispose();
    },
    rounds: 3,
    warmup: 1,
    unchanged: true,
  },
];

const results: BenchResult[] = [];
const table: string[] = [];
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
for (const row of rows) {
  const variants: [string, () => void | Promise<void>][] = row.unchanged
    ? [['gen (no MLP: unchanged)', row.run]]
    : [
        ['gen before (composite)', composite(row.run)],
        [`gen after (fused, ${fusedKernelBuild()})`, row.run],
      ];
  const measured = await benchmarkVariants(row.work, variants, { warmup: row.warmup, rounds: row.rounds });
  const perEvaluation = row.key === 'dopri5-per-evaluation';
  const times = measured.map((r) => (perEvaluation ? r.medianMs / dopri5Nfe : r.medianMs));
  const before = times[0] as number;
  const after = times.at(-1) as number;
  const reference = torch.rows[row.key];
  for (const [i, result] of measured.entries()) {
    result.meta = {
      row: row.key,
      ms: Number((times[i] as number).toFixed(3)),
      ...(reference === undefined
        ? {}
        : { torchMs: reference, ratioToTorch: Number(((times[i] as number) / reference).toFixed(3)) }),
      ...(perEvaluation ? { nfe: dopri5Nfe } : {}),
    };
    results.push(result);
  }
  const ratio = (ms: number) => (reference === undefined ? 'n/a' : `${(ms / reference).toFixed(2)}×`);
  const line =
    `| ${row.work} | ${reference === undefined ? 'n/a' : fmt(reference)} | ${fmt(before)} | ${fmt(after)} | ` +
    `${ratio(before)} | ${ratio(after)} | ${(before / after).toFixed(2)}× |`;
  table.push(line);
  console.log(line);
}
console.log(
  `\nPyTorch: ${torch.source}; gen: tfjs wasm (its own kernels on one thread), gen's fused kernels (the ` +
    `${fusedKernelBuild()} build) on ${fusedKernelThreads()} thread(s), Node ${process.version}. The GBM row's PyTorch side is ` +
    `${torch.source.startsWith('recorded') ? "torchsde's Euler–Maruyama (issue 16)" : 'a plain Euler–Maruyama loop (torchsde is not in Debian)'}.`,
);
console.log('| work | PyTorch | gen before | gen after | before / PyTorch | after / PyTorch | after speed-up |');
console.log('|---|---|---|---|---|---|---|');
for (const line of table) console.log(line);
tf.dispose([z, gbmStart]);
adam.dispose();
model.dispose();
await writeBenchResults('train-cpu-speed', results);
