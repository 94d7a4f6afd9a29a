/**
 * Sampling and likelihood throughput of a flow trained on moons (3×256 SiLU MLP, OT-CFM, 600 updates on wasm), run by
 * `pnpm bench` (from packages/train: `node --import tsx bench/sampling.ts`); results in
 * bench-results/train-sampling.json.
 *
 * - Sampling: dopri5 (rtol = atol = 1e-5) and 20 Euler steps, 10 000 points on wasm (2 000 on cpu). Reference on this
 *   kind of machine: PyTorch 1.13 on one CPU thread samples 10 000 moons points with dopri5 in 2.5 s with 56
 *   evaluations.
 * - Likelihood: `logProb` of 5 000 held-out moons points with dopri5 at rtol = atol = 1e-5 on wasm, with the model's
 *   closed-form divergence and with Hutchinson's estimator (one Rademacher probe). Reference: torchdiffeq computes the
 *   exact NLL of 5 000 points under a 2-D 3×256 MLP flow at the same tolerance in 28.6 s with 260 evaluations.
 */
import '@tensorflow/tfjs-backend-wasm';
import { StandardNormal } from '@gen/core';
import { type BenchResult, benchmark, writeBenchResults } from '@gen/core/testing';
import { logProb, odeint } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { toyDataset } from '../src/data/index.js';
import { mlpVectorField } from '../src/models/index.js';
import { otConditionalFlowMatching } from '../src/objectives/index.js';
import { assignWeights, train } from '../src/trainer.js';

await tf.setBackend('wasm');
const model = mlpVectorField({ dim: 2, seed: 0 });
const trained = await train({
  model,
  data: toyDataset('moons'),
  objective: otConditionalFlowMatching(),
  steps: 600,
  ema: 0.99,
});
assignWeights(model.variables, trained.emaWeights ?? []);
console.log(`trained 600 updates in ${trained.seconds.toFixed(1)} s (final loss ${trained.losses.at(-1)?.toFixed(4)})`);

const results: BenchResult[] = [];
const POINTS: Record<string, number> = { wasm: 10_000, cpu: 2_000 };
for (const backend of ['wasm', 'cpu']) {
  await tf.setBackend(backend);
  const n = POINTS[backend] as number;
  const z = new StandardNormal(2).sample(n, 1);
  for (const [variant, options] of [
    ['dopri5 rtol=atol=1e-5', { method: 'dopri5', rtol: 1e-5, atol: 1e-5 }],
    ['euler 20 steps', { method: 'euler', stepSize: 0.05 }],
  ] as const) {
    let nfe = 0;
    const result = await benchmark(
      `sampling a moons flow (3×256 MLP), ${n} points`,
      variant,
      async () => {
        const { ys, stats } = await odeint(model, z, [1, 0], options);
        nfe = stats.nfe;
        ys.dispose();
      },
      { warmup: 1, iterations: 3 },
    );
    result.meta = { nfe, points: n, pointsPerSecond: Math.round((n / result.medianMs) * 1000) };
    results.push(result);
    console.log(`${backend} ${variant}: ${result.medianMs.toFixed(0)} ms for ${n} points (${nfe} NFE)`);
  }
  z.dispose();
}
await tf.setBackend('wasm');
const heldOut = toyDataset('moons').sample(5_000, 12_345);
for (const divergence of ['exact', 'hutchinson'] as const) {
  let nfe = 0;
  let nll = 0;
  const result = await benchmark(
    'NLL of 5 000 moons points under the flow (3×256 MLP), dopri5 rtol=atol=1e-5',
    `logProb, ${divergence === 'exact' ? 'closed-form' : 'Hutchinson'} divergence`,
    async () => {
      const { logp, z, stats } = await logProb(model, heldOut, { divergence, rtol: 1e-5, atol: 1e-5, seed: 1 });
      nfe = stats.nfe;
      const meanLogp = tf.mean(logp);
      nll = -((await meanLogp.data())[0] as number);
      tf.dispose([logp, z, meanLogp]);
    },
    { warmup: 0, iterations: 2 },
  );
  result.meta = { nfe, nll: Number(nll.toFixed(4)), points: 5_000, torchdiffeqSeconds: 28.6, torchdiffeqNfe: 260 };
  results.push(result);
  console.log(`wasm logProb ${divergence}: ${result.medianMs.toFixed(0)} ms, ${nfe} NFE, NLL ${nll.toFixed(3)} nats`);
}
heldOut.dispose();
model.dispose();
await writeBenchResults('train-sampling', results);
