/**
 * Benchmarks of @gen/backend-cuda, run by `pnpm bench` (from packages/backend-cuda: `node --import tsx bench/run.ts`);
 * results go to bench-results/backend-cuda.json at the repository root.
 *
 * In one run, on `cuda` and on `wasm`:
 * - one Adam training step (forward, backward, update, loss read back) of the 3×256 SiLU MLP, 3 inputs → 2 outputs,
 *   batch 256 and 1024;
 * - a dopri5 solve (rtol = atol = 1e-5) of the 3×256 SiLU MLP field of `@gen/core/testing`, 1024 2-D points,
 *   t = 1 → 0.
 *
 * Without a usable GPU, `cuda` is reported unavailable with its reason, and the host build of the addon
 * (`cuda-host`: the same kernels as single-threaded CPU loops, not a GPU number) is measured against wasm at batch
 * 256 only, which shows the cost of the backend's dispatch and of the unvectorised loops.
 */
import '@tensorflow/tfjs-backend-wasm';
import { randomNormal } from '@gen/core';
import { type BenchResult, benchmark, randomMlpField, writeBenchResults } from '@gen/core/testing';
import { odeint } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { cudaDeviceInfo, registerCudaBackend } from '../src/index.js';
import { loadBinding } from '../src/native/load-binding.js';
import { registerNativeBackend } from '../src/register-native-backend.js';
import { createSiluMlp, regressionStep } from '../test/support/silu-mlp.js';

/** What one backend is measured on. */
interface Workload {
  readonly batches: readonly number[];
  readonly solvePoints: number;
  readonly iterations: number;
  readonly meta: Record<string, string | number | boolean>;
}

const results: BenchResult[] = [];

async function measure(backend: string, workload: Workload): Promise<void> {
  await tf.setBackend(backend);
  await tf.ready();
  const { iterations, meta } = workload;
  for (const batch of workload.batches) {
    const mlp = createSiluMlp(2, [256, 256, 256], 1);
    const x = randomNormal([batch, 3], 1);
    const target = randomNormal([batch, 2], 2);
    const optimizer = tf.train.adam(1e-3);
    const result = await benchmark(
      `training step, 3×256 SiLU MLP, batch ${batch}`,
      'adam',
      async () => {
        await regressionStep(mlp, optimizer, x, target);
      },
      { iterations, meta: { ...meta, batch } },
    );
    results.push(result);
    console.log(`${backend} training step, batch ${batch}: ${result.medianMs.toFixed(1)} ms`);
    optimizer.dispose();
    mlp.dispose();
    tf.dispose([x, target]);
  }
  const field = randomMlpField({ dim: 2, seed: 1 });
  const x0 = randomNormal([workload.solvePoints, 2], 3);
  let nfe = 0;
  const solve = await benchmark(
    `dopri5 solve, 3×256 SiLU MLP field, ${workload.solvePoints} 2-D points, t = 1 → 0`,
    'rtol=atol=1e-5',
    async () => {
      const { ys, stats } = await odeint(field.field, x0, [1, 0], { method: 'dopri5' });
      await ys.data();
      nfe = stats.nfe;
      ys.dispose();
    },
    { warmup: 1, iterations: Math.ceil(iterations / 5), meta: { ...meta, points: workload.solvePoints } },
  );
  solve.meta = { ...solve.meta, nfe };
  results.push(solve);
  console.log(`${backend} dopri5 solve, ${workload.solvePoints} points: ${solve.medianMs.toFixed(0)} ms, ${nfe} NFE`);
  field.dispose();
  x0.dispose();
}

const info = cudaDeviceInfo();
if (registerCudaBackend()) {
  const gpu = { batches: [256, 1024], solvePoints: 1024, iterations: 10 };
  const device = `${info.deviceName} (sm ${info.computeCapability})`;
  await measure('cuda', { ...gpu, meta: { device, gpu: true } });
  await measure('wasm', { ...gpu, meta: { device: 'wasm (SIMD)', gpu: false } });
} else {
  console.log(`cuda is unavailable here: ${info.reason}`);
  const host = loadBinding('host');
  if ('error' in host) {
    console.log(`The host build is missing too (${host.error}); nothing to compare with wasm.`);
  } else {
    console.log('Measuring the host build (cuda-host: the CUDA kernels as CPU loops, not a GPU number) against wasm.');
    registerNativeBackend('cuda-host', host.binding, 0);
    const small = { batches: [256], solvePoints: 256, iterations: 5 };
    await measure('cuda-host', { ...small, meta: { device: 'host build (CPU loops)', gpu: false } });
    await measure('wasm', { ...small, meta: { device: 'wasm (SIMD)', gpu: false } });
  }
}
if (results.length > 0) await writeBenchResults('backend-cuda', results);
