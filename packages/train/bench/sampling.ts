/**
 * Sampling throughput of a flow trained on moons (3×256 SiLU MLP, OT-CFM, 600 updates on wasm), run by `pnpm bench`
 * (from packages/train: `node --import tsx bench/sampling.ts`); results in bench-results/train-sampling.json.
 * dopri5 (rtol = atol = 1e-5) and 20 Euler steps, 10 000 points on wasm (2 000 on cpu). The reference on this kind of
 * machine: PyTorch 1.13 on one CPU thread samples 10 000 moons points with dopri5 in 2.5 s with 56 evaluations.
 */
import '@tensorflow/tfjs-backend-wasm';
import { StandardNormal } from '@gen/core';
import { type BenchResult, benchmark, writeBenchResults } from '@gen/core/testing';
import { odeint } from '@gen/ode';
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
model.dispose();
await writeBenchResults('train-sampling', results);
