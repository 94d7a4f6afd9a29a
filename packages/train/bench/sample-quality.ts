/**
 * Sample quality of `gen train --objective cfm` on the toy data sets, next to PyTorch's (from packages/train:
 * `node --import tsx bench/sample-quality.ts [moons,8gaussians,…] [seeds, e.g. 0,1,2]`); results go to
 * bench-results/train-sample-quality.json at the repository root.
 *
 * The recipe (GitHub issue 11): the default 3×256 SiLU MLP, Adam(1e-3), batch 256, independent conditional flow
 * matching, 1 500 updates, EMA 0.999, then 2 000 samples integrated from t = 1 to t = 0 with dopri5 at
 * rtol = atol = 1e-5, on the wasm backend. The score: the unbiased MMD² with one sharp RBF kernel (bandwidth 0.2)
 * between the samples and 2 000 fresh data points, divided by the same MMD² of 2 000 draws of N(0, I) (1: no
 * better than the prior; 0: indistinguishable from the data). bench/torch_reference.py trains the same recipe in
 * PyTorch and computes the same score; its figures are in bench/torch-reference.json and are printed alongside.
 *
 * One seed says little: on moons the score's standard deviation across seeds is about 0.02 (of which about 0.009
 * is the 2 000-point reference set alone), so compare means over 10 seeds with their standard errors. Measured
 * 2026-12-05 on moons, seeds 0–9: gen 0.133 ± 0.005, PyTorch 0.129 ± 0.006 (difference 0.004 ± 0.008, Welch
 * t = 0.5); the same 20 trained models sampled by one integrator and scored against the same 10 reference sets:
 * gen 0.129 ± 0.005, PyTorch 0.129 ± 0.005. Given gen's initial weights and gen's exact (x, z, t) batches,
 * PyTorch trains to the same model as gen (the same score to four digits, seeds 0 and 1), so the two differ only in
 * their random draws.
 */

import { readFileSync } from 'node:fs';
import { initBackend, mmd2, StandardNormal } from '@gen/core';
import { type BenchResult, writeBenchResults } from '@gen/core/testing';
import { odeint } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { TOY_DATASET_NAMES, type ToyDatasetName, toyDataset } from '../src/data/index.js';
import { mlpVectorField } from '../src/models/index.js';
import { conditionalFlowMatching } from '../src/objectives/index.js';
import { assignWeights, train } from '../src/trainer.js';

const STEPS = 1500;
const N = 2000;
const BANDWIDTH = 0.2;

interface ReferenceScores {
  mean: number;
  standardError?: number;
}

interface TorchReference {
  quality: Record<string, { torch?: ReferenceScores; glorot?: ReferenceScores }>;
}

/** "mean ± standard error" (the sample standard deviation over √n); the mean alone for one score. */
function meanWithError(mean: number, standardError: number | undefined): string {
  return standardError === undefined || !Number.isFinite(standardError)
    ? mean.toFixed(4)
    : `${mean.toFixed(4)} ± ${standardError.toFixed(4)}`;
}

/** Trains the recipe on one data set and returns its sharp-kernel score (see the file's summary). */
async function sampleQuality(name: ToyDatasetName, seed: number): Promise<number> {
  const data = toyDataset(name);
  const model = mlpVectorField({ dim: 2, seed });
  const result = await train({
    model,
    data,
    objective: conditionalFlowMatching(),
    steps: STEPS,
    batchSize: 256,
    lr: 1e-3,
    ema: 0.999,
    seed,
  });
  assignWeights(model.variables, result.emaWeights ?? []);
  const z = new StandardNormal(2).sample(N, 2000 + seed);
  const solution = await odeint(model, z, [1, 0], { method: 'dopri5', rtol: 1e-5, atol: 1e-5 });
  const samples = tf.tidy(() => solution.ys.slice(1, 1).reshape([N, 2]));
  const fresh = data.sample(N, 3000 + seed);
  const prior = new StandardNormal(2).sample(N, 4000 + seed);
  const score = mmd2(samples, fresh, { bandwidth: BANDWIDTH }) / mmd2(prior, fresh, { bandwidth: BANDWIDTH });
  tf.dispose([z, solution.ys, samples, fresh, prior]);
  model.dispose();
  return score;
}

await initBackend('wasm');
const sets = (process.argv[2]?.split(',') ?? TOY_DATASET_NAMES) as ToyDatasetName[];
const seeds = (process.argv[3] ?? '0,1,2').split(',').map(Number);
const reference = JSON.parse(
  readFileSync(new URL('./torch-reference.json', import.meta.url), 'utf8'),
) as TorchReference;
const results: BenchResult[] = [];
for (const name of sets) {
  const scores: number[] = [];
  const times: number[] = [];
  for (const seed of seeds) {
    const start = performance.now();
    scores.push(await sampleQuality(name, seed));
    times.push(performance.now() - start);
    console.log(
      `${name} seed ${seed}: ${(scores.at(-1) as number).toFixed(4)} (${((times.at(-1) as number) / 1000).toFixed(0)} s)`,
    );
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const variance = scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (scores.length - 1);
  const standardError = Math.sqrt(variance / scores.length);
  const torch = reference.quality[name];
  const cited = (r: ReferenceScores | undefined) => (r === undefined ? 'n/a' : meanWithError(r.mean, r.standardError));
  console.log(
    `${name}: gen ${meanWithError(mean, standardError)} (${scores.length} seeds), PyTorch default init ${cited(torch?.torch)}, PyTorch Glorot ${cited(torch?.glorot)}`,
  );
  const medianMs = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
  results.push({
    name: `cfm recipe (${STEPS} updates + dopri5 sampling), sharp MMD² / prior's`,
    variant: name,
    backend: tf.getBackend(),
    medianMs,
    opsPerSec: 1000 / medianMs,
    iterations: times.length,
    samples: times,
    meta: {
      quality: mean,
      standardError,
      scores: scores.map((s) => s.toFixed(4)).join(','),
      seeds: seeds.join(','),
      torchDefaultInit: torch?.torch?.mean ?? Number.NaN,
      torchGlorotInit: torch?.glorot?.mean ?? Number.NaN,
    },
  });
}
await writeBenchResults('train-sample-quality', results);
