/**
 * Benchmarks of @gen/ode, run by `pnpm bench` (from packages/ode: `node --import tsx bench/run.ts`); results go to
 * bench-results/ode.json at the repository root.
 *
 * - dopri5 and rk4 (100 steps) on the 3×256 SiLU MLP field, 4096 (wasm) / 512 (cpu) 2-D points, t = 0 → 1, with the
 *   solver's overhead over the bare cost of the same number of field evaluations measured in the same run;
 * - logProb with the exact divergence versus Hutchinson;
 * - the damped spiral (torchdiffeq reference: 590 evaluations at rtol = atol = 1e-5) for each adaptive method;
 * - DETEST classes A–E with dopri5 at 1e-4 and 1e-5: total evaluations and geometric-mean RMS end error
 *   (scipy RK45: 5 510 / 8.6e-4 and 7 598 / 5.9e-5).
 */
import '@tensorflow/tfjs-backend-wasm';
import { randomNormal } from '@gen/core';
import { type BenchResult, benchmark, linearOdeProblem, randomMlpField, writeBenchResults } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { logProb, odeint } from '../src/index.js';
import { DETEST_PROBLEMS } from './detest/problems.js';
import { REFERENCE_END_STATES } from './detest/reference-values.js';

const results: BenchResult[] = [];
/** Batch sizes: the cpu backend is ~25× slower than wasm, so it gets a smaller batch (recorded in each result). */
const BATCH: Record<string, number> = { wasm: 4096, cpu: 512 };

async function mlpSolves(backend: string): Promise<void> {
  await tf.setBackend(backend);
  await tf.ready();
  const N = BATCH[backend] as number;
  const iterations = 2;
  const warmup = backend === 'cpu' ? 0 : 1;
  const mlp = randomMlpField({ dim: 2, seed: 1 });
  const x0 = randomNormal([N, 2], 2);
  const name = `3×256 MLP field, ${N} 2-D points, t = 0 → 1`;
  const solves: [string, Parameters<typeof odeint>[3]][] = [
    ['dopri5 rtol=atol=1e-5', { method: 'dopri5' }],
    ['rk4 100 steps', { method: 'rk4', stepSize: 0.01 }],
  ];
  for (const [variant, options] of solves) {
    let nfe = 0;
    const solve = await benchmark(
      name,
      variant,
      async () => {
        const { ys, stats } = await odeint(mlp.field, x0, [0, 1], options);
        nfe = stats.nfe;
        ys.dispose();
      },
      { warmup, iterations },
    );
    // The bare cost of the same number of field evaluations, each read back like the solver's last output.
    const bare = await benchmark(
      name,
      `${variant}: ${nfe} bare field evaluations`,
      () => {
        for (let i = 0; i < nfe; i += 1) tf.dispose(mlp.field(i / nfe, x0));
        tf.tidy(() => mlp.field(1, x0)).dataSync();
      },
      { warmup, iterations },
    );
    const overhead = solve.medianMs / bare.medianMs - 1;
    solve.meta = { nfe, batch: N, overheadOverBareEvaluations: Number(overhead.toFixed(4)) };
    results.push(solve, bare);
    console.log(
      `${backend} ${variant}: ${solve.medianMs.toFixed(0)} ms, ${nfe} NFE, overhead over bare evaluations ${(100 * overhead).toFixed(1)}%`,
    );
  }
  const points = backend === 'cpu' ? 128 : 1024;
  const xs = x0.slice(0, points);
  for (const divergence of ['exact', 'hutchinson'] as const) {
    let nfe = 0;
    const result = await benchmark(
      `logProb, 3×256 MLP, ${points} 2-D points, dopri5 1e-5`,
      divergence,
      async () => {
        const { logp, z, stats } = await logProb(mlp.field, xs, { divergence });
        nfe = stats.nfe;
        tf.dispose([logp, z]);
      },
      { warmup: 0, iterations: backend === 'cpu' ? 1 : 2 },
    );
    result.meta = { nfe, points };
    results.push(result);
    console.log(`${backend} logProb ${divergence}: ${result.medianMs.toFixed(0)} ms for ${points} points, ${nfe} NFE`);
  }
  tf.dispose([x0, xs]);
  mlp.dispose();
}

async function spiral(): Promise<void> {
  await tf.setBackend('cpu');
  const problem = linearOdeProblem(
    [
      [-0.1, 2],
      [-2, -0.1],
    ],
    [[2, 0]],
  );
  const y0 = tf.tensor2d([[2, 0]]);
  const exact = problem.solution(25).flat();
  for (const method of ['bosh3', 'dopri5', 'tsit5', 'dopri8']) {
    for (const [label, controller] of [
      ['I', {}],
      ['PI 0.4/0.3', { pCoeff: 0.4, iCoeff: 0.3 }],
    ] as const) {
      let nfe = 0;
      let error = 0;
      const result = await benchmark(
        'damped spiral, t ∈ [0, 25], rtol = atol = 1e-5',
        `${method} (${label} controller)`,
        async () => {
          const { ys, stats } = await odeint(problem.field, y0, [0, 25], {
            method,
            controller,
            rtol: 1e-5,
            atol: 1e-5,
          });
          const end = await ys.slice(1, 1).data();
          error = Math.hypot((end[0] as number) - (exact[0] as number), (end[1] as number) - (exact[1] as number));
          nfe = stats.nfe;
          ys.dispose();
        },
        { warmup: 0, iterations: 1 },
      );
      result.meta = { nfe, endError: error, torchdiffeqDopri5Nfe: 590 };
      results.push(result);
      console.log(`spiral ${method} (${label}): ${nfe} NFE, end error ${error.toExponential(2)}`);
    }
  }
  y0.dispose();
  problem.dispose();
}

async function detest(): Promise<void> {
  await tf.setBackend('cpu');
  for (const tol of [1e-4, 1e-5]) {
    let totalNfe = 0;
    let logErrorSum = 0;
    const result = await benchmark(
      'DETEST A–E (25 problems), dopri5',
      `rtol = atol = ${tol}`,
      async () => {
        totalNfe = 0;
        logErrorSum = 0;
        for (const problem of DETEST_PROBLEMS) {
          const y0 = tf.tensor2d([[...problem.y0]]);
          const { ys, stats } = await odeint(problem.field, y0, [0, problem.tEnd], {
            rtol: tol,
            atol: tol,
            maxSteps: 100_000,
          });
          const end = await ys.slice(1, 1).data();
          const reference = REFERENCE_END_STATES[problem.name];
          const rms = Math.sqrt(reference.reduce((s, v, i) => s + ((end[i] as number) - v) ** 2, 0) / reference.length);
          logErrorSum += Math.log(rms);
          totalNfe += stats.nfe;
          tf.dispose([ys, y0]);
        }
      },
      { warmup: 0, iterations: 1 },
    );
    const geometricMean = Math.exp(logErrorSum / DETEST_PROBLEMS.length);
    result.meta = {
      totalNfe,
      geometricMeanRmsError: geometricMean,
      scipyRk45: tol === 1e-4 ? '5510 / 8.6e-4' : '7598 / 5.9e-5',
    };
    results.push(result);
    console.log(`DETEST dopri5 at ${tol}: ${totalNfe} NFE, geometric-mean RMS error ${geometricMean.toExponential(2)}`);
  }
}

await spiral();
await detest();
for (const backend of ['wasm', 'cpu']) await mlpSolves(backend);
await writeBenchResults('ode', results);
