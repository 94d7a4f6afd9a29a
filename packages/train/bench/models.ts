/**
 * Benchmarks of @gen/train's models (from packages/train: `node --import tsx bench/models.ts`); results go to
 * bench-results/train-models.json at the repository root.
 *
 * - One Adam training step (tf.train.adam(1e-3, 0.9, 0.999, 1e-7)) of the 3×256 SiLU MLP vector field on a
 *   conditional-flow-matching loss with 2-D data, batch 256 and 1024, with tfjs's plain autodiff versus the fast
 *   linear-layer backward pass (both with gen's fused kernels suspended) versus gen's fused wasm kernels, on wasm
 *   and cpu. PyTorch's figures: bench/cpu-speed.ts.
 * - The closed-form divergence (forward-mode Jacobian) versus `divergenceExact` (D vector–Jacobian products) on the
 *   same model, 1024 2-D points.
 */
import '@tensorflow/tfjs-backend-wasm';
import { divergenceExact, randomNormal, randomUniform } from '@gen/core';
import { type BenchResult, benchmark, suspendFusedKernels, writeBenchResults } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { mlpVectorField } from '../src/models/index.js';

const results: BenchResult[] = [];
/** Timed steps per case: the cpu backend is much slower, so it gets fewer. */
const ITERATIONS: Record<string, number> = { wasm: 30, cpu: 5 };

async function trainingSteps(backend: string): Promise<void> {
  await tf.setBackend(backend);
  await tf.ready();
  for (const batch of [256, 1024]) {
    // Fixed random data: x_t = (1 − t)·x₀ + t·x₁ with target x₁ − x₀ (conditional flow matching).
    const [x0, x1, t] = [randomNormal([batch, 2], 1), randomNormal([batch, 2], 2, 2, 0.5), randomUniform([batch], 3)];
    const [xt, target] = tf.tidy(() => {
      const tc = tf.reshape(t, [-1, 1]);
      return [tf.add(tf.mul(tf.sub(1, tc), x0), tf.mul(tc, x1)), tf.sub(x1, x0)];
    });
    const medians: Record<string, number> = {};
    for (const [variant, fastGradients, fused] of [
      ['plain autodiff', false, false],
      ['fast gradients', true, false],
      ['fused kernels', true, true],
    ] as const) {
      // The composite variants run with gen's fused MLP kernels suspended (they would otherwise replace both).
      const restore = fused ? () => {} : suspendFusedKernels();
      const model = mlpVectorField({ dim: 2, hidden: [256, 256, 256], activation: 'silu', fastGradients, seed: 0 });
      const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
      const variables = [...model.variables];
      const loss = () => tf.tidy(() => tf.mean(tf.square(tf.sub(model.forwardTimes(t, xt), target))) as tf.Scalar);
      const result = await benchmark(
        `Adam step, 3×256 SiLU MLP, 2-D CFM loss, batch ${batch}`,
        variant,
        () => {
          const cost = optimizer.minimize(loss, true, variables) as tf.Scalar;
          cost.dataSync();
          cost.dispose();
        },
        { warmup: 3, iterations: ITERATIONS[backend] as number, meta: { batch, fastGradients, fused } },
      );
      results.push(result);
      medians[variant] = result.medianMs;
      optimizer.dispose();
      model.dispose();
      restore();
    }
    const plain = medians['plain autodiff'] as number;
    const fast = medians['fast gradients'] as number;
    const fused = medians['fused kernels'] as number;
    console.log(
      `${backend} batch ${batch}: plain ${plain.toFixed(2)} ms, fast ${fast.toFixed(2)} ms, fused ${fused.toFixed(2)} ms ` +
        `per step (fast ${(plain / fast).toFixed(2)}×, fused ${(plain / fused).toFixed(2)}× faster than plain)`,
    );
    tf.dispose([x0, x1, t, xt, target]);
  }
}

async function divergence(backend: string): Promise<void> {
  await tf.setBackend(backend);
  await tf.ready();
  const model = mlpVectorField({ dim: 2, seed: 0 });
  const x = randomNormal([1024, 2], 4);
  const name = 'divergence, 3×256 SiLU MLP, 1024 2-D points';
  const iterations = ITERATIONS[backend] as number;
  for (const [variant, run] of [
    ['closed form (forward-mode Jacobian)', () => model.divergence(0.5, x)],
    ['divergenceExact (autodiff)', () => divergenceExact(model, 0.5, x)],
  ] as const) {
    results.push(
      await benchmark(
        name,
        variant,
        () => {
          const div = run();
          div.dataSync();
          div.dispose();
        },
        { warmup: 2, iterations },
      ),
    );
  }
  x.dispose();
  model.dispose();
}

for (const backend of ['wasm', 'cpu']) {
  await trainingSteps(backend);
  await divergence(backend);
}
await writeBenchResults('train-models', results);
