/**
 * The filter gradient of one U-Net conv layer (`Conv2DBackpropFilter`: 3×3, 32 → 32 channels, explicit padding 1,
 * 64 images of 28×28) on wasm (gen's kernel; tfjs-backend-wasm 4.22 has none) and on tfjs's cpu kernel, which is so
 * slow that it gets a single timed call.
 */
import * as tf from '@tensorflow/tfjs';
import { registerGenKernels } from '../src/kernels/register-gen-kernels.js';
import { randomUniform } from '../src/random/index.js';
import { type BenchOptions, type BenchResult, benchmark } from '../src/testing/index.js';

const NAME = 'Conv2DBackpropFilter, 3×3, 32 → 32 channels, padding 1, 28×28 images';

/** tfjs's cpu kernel is plain JS loops (minutes at batch 64), so it runs a batch of 4 and is compared per image. */
const SETTINGS: Record<string, BenchOptions & { batch: number }> = {
  wasm: { warmup: 1, iterations: 5, batch: 64 },
  cpu: { warmup: 0, iterations: 1, batch: 4 },
};

/**
 * Times the filter gradient on wasm and cpu.
 *
 * @returns One result per backend.
 */
export async function runConvFilterGradient(): Promise<BenchResult[]> {
  registerGenKernels();
  const results: BenchResult[] = [];
  for (const [backend, { batch, ...options }] of Object.entries(SETTINGS)) {
    if (!(await tf.setBackend(backend))) throw new Error(`bench: could not set the ${backend} backend.`);
    const x = randomUniform([batch, 28, 28, 32], 1, -1, 1);
    const dy = randomUniform([batch, 28, 28, 32], 2, -1, 1);
    const attrs = {
      strides: [1, 1],
      pad: [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      filterShape: [3, 3, 32, 32],
    };
    const result = await benchmark(
      NAME,
      backend,
      () => {
        const dw = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs as never) as tf.Tensor;
        dw.dataSync();
        dw.dispose();
      },
      { ...options, meta: { batch, size: 28, channels: 32 } },
    );
    const perImage = result.medianMs / batch;
    console.log(
      `${NAME} on ${backend}, batch ${batch}: ${result.medianMs.toFixed(0)} ms (${perImage.toFixed(2)} ms per image)`,
    );
    results.push(result);
    tf.dispose([x, dy]);
  }
  return results;
}
