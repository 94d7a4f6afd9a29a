/**
 * Benchmarks of @gen/sde, run by `pnpm bench` (from packages/sde: `node --import tsx bench/run.ts`); results go to
 * bench-results/sde.json at the repository root.
 *
 * - Euler–Maruyama on geometric Brownian motion, 10 000 paths × 1 000 steps, on wasm and cpu, with the default
 *   per-step noise and with a shared BrownianPath (1024 dyadic steps) in the same run (torchsde reference on this
 *   kind of machine: 0.54–0.59 s, 90% of it generating its Brownian path);
 * - the VP-SDE reverse-SDE sampler with a 3×256 SiLU MLP noise model (untrained: the cost does not depend on the
 *   weights), 100 and 500 steps, 4096 points on wasm (512 on cpu, ~25× slower), with the per-step overhead over the
 *   same number of bare model evaluations measured in the same run;
 * - fokkerPlanck1D (host, float64) on an Ornstein–Uhlenbeck process, 400 and 800 cells to t = 2 (the step is
 *   set by the positivity limit ∝ h², so doubling the cells should cost about 8×).
 */
import '@tensorflow/tfjs-backend-wasm';
import { randomNormal } from '@gen/core';
import { type BenchResult, benchmark, randomMlpField, writeBenchResults } from '@gen/core/testing';
import { sample } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { BrownianPath, diffusionProblem, fokkerPlanck1D, type Sde, sdeint, VPSDE } from '../src/index.js';

const results: BenchResult[] = [];
const PATHS = 10_000;
const STEPS = 1_000;

const gbm: Sde = { noise: 'diagonal', drift: (_t, x) => tf.mul(x, 0.5), diffusion: (_t, x) => tf.mul(x, 1) };

for (const backend of ['wasm', 'cpu']) {
  await tf.setBackend(backend);
  await tf.ready();
  const name = `GBM, ${PATHS} paths × ${STEPS} Euler–Maruyama steps`;
  const x0 = tf.ones([PATHS, 1]);
  let seed = 0;
  const solve = await benchmark(
    name,
    'sdeint euler, default per-step noise',
    async () => {
      const { ys } = await sdeint(gbm, x0, [0, 1], { stepSize: 1 / STEPS, seed: seed++ });
      ys.dispose();
    },
    { warmup: 1, iterations: 3 },
  );
  // A shared path (for strong-order studies) on a dyadic grid: 1024 steps of 2⁻¹⁰, one tree split per step.
  const shared = await benchmark(
    `GBM, ${PATHS} paths × 1024 Euler–Maruyama steps`,
    'sdeint euler on a BrownianPath (dyadic grid)',
    async () => {
      const bm = new BrownianPath({ shape: [PATHS, 1], t0: 0, t1: 1, seed: seed++ });
      const { ys } = await sdeint(gbm, x0, [0, 1], { stepSize: 2 ** -10, bm });
      ys.dispose();
    },
    { warmup: 1, iterations: 3 },
  );
  solve.meta = { torchsdeSeconds: '0.54-0.59' };
  results.push(solve, shared);
  console.log(
    `${backend}: sdeint ${solve.medianMs.toFixed(0)} ms (per-step noise), ${shared.medianMs.toFixed(0)} ms (BrownianPath)`,
  );
  x0.dispose();
}

const BATCH: Record<string, number> = { wasm: 4096, cpu: 512 };
for (const backend of ['wasm', 'cpu']) {
  await tf.setBackend(backend);
  await tf.ready();
  const n = BATCH[backend] as number;
  const mlp = randomMlpField({ dim: 2, seed: 3 });
  const xT = randomNormal([n, 2], 4);
  const process = new VPSDE();
  for (const steps of [100, 500]) {
    const name = `VP-SDE reverse-SDE sampler, 3×256 MLP, ${n} 2-D points`;
    const options = { warmup: 0, iterations: 1 };
    let nfe = 0;
    const sampler = await benchmark(
      name,
      `${steps} steps`,
      async () => {
        const problem = diffusionProblem(process, mlp.field, { prediction: 'noise' });
        const result = await sample(problem, xT, { method: 'reverse-sde', steps, seed: 1 });
        nfe = result.stats.nfe;
        result.x.dispose();
      },
      options,
    );
    const bare = await benchmark(
      name,
      `${steps} steps: bare model evaluations`,
      () => {
        for (let i = 0; i < nfe; i += 1) tf.dispose(mlp.field(1 - i / nfe, xT));
        tf.tidy(() => mlp.field(0, xT)).dataSync();
      },
      options,
    );
    const overheadPerStepMs = (sampler.medianMs - bare.medianMs) / steps;
    sampler.meta = { nfe, points: n, overheadPerStepMs: Number(overheadPerStepMs.toFixed(3)) };
    results.push(sampler, bare);
    console.log(
      `${backend} VP sampler ${steps} steps: ${sampler.medianMs.toFixed(0)} ms, bare ${bare.medianMs.toFixed(0)} ms, ` +
        `overhead ${overheadPerStepMs.toFixed(2)} ms/step`,
    );
  }
  xT.dispose();
  mlp.dispose();
}

for (const cells of [400, 800]) {
  const h = 8 / cells;
  const x = Array.from({ length: cells }, (_, i) => -4 + (i + 0.5) * h);
  const result = await benchmark(
    'fokkerPlanck1D, Ornstein–Uhlenbeck dx = −(x − 0.5) dt + 0.8 dW on [−4, 4] to t = 2',
    `${cells} cells`,
    () => {
      fokkerPlanck1D({
        drift: (_t, xi) => -(xi - 0.5),
        diffusion: () => 0.8,
        p0: (xi) => Math.exp(-((xi + 1) ** 2) / 0.18),
        x,
        ts: [0, 0.5, 1, 2],
      });
    },
    { warmup: 1, iterations: 5, meta: { cells } },
  );
  results.push(result);
  console.log(`fokkerPlanck1D ${cells} cells: ${result.medianMs.toFixed(1)} ms`);
}

await writeBenchResults('sde', results);
