import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, randomUniform } from '../src/index.js';
import { fusedRuntime } from '../src/kernels/fused/fused-runtime.js';
import { writeMlp } from '../src/kernels/fused/mlp-layout.js';
import { expectClose } from '../src/testing/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/**
 * Contract 3: every batch function writes only the rows of its range, and parameter gradients add the range's
 * contribution, so a pool that splits a batch by rows and sums its per-thread accumulators with gen_add_into gets
 * the one-call result: bit for bit for every per-row output, and to float32 rounding for the gradients (the
 * block sums are added in another order).
 */
describe('the fused kernels split by rows', () => {
  it('forward, backward and divergence over [0, 32) and [32, 70) equal one call over [0, 70)', () => {
    const rows = 70;
    const widths = [3, 24, 13, 2];
    const tensors: Record<string, tf.Tensor> = {
      t: randomUniform([rows], 1),
      x: randomUniform([rows, 2], 2, -1, 1),
    };
    for (let l = 0; l + 1 < widths.length; l += 1) {
      tensors[`kernel${l}`] = randomUniform([widths[l] as number, widths[l + 1] as number], 3 + l, -0.5, 0.5);
      tensors[`bias${l}`] = randomUniform([widths[l + 1] as number], 9 + l, -0.5, 0.5);
    }
    const dy = randomUniform([rows, 2], 20, -1, 1);
    const runtime = fusedRuntime();
    const { kernels } = runtime;
    const attrs = { activation: 'silu', layerCount: 3, fourier: false } as const;
    const backend = tf.engine().backend;
    const mlp = writeMlp(runtime, backend, tensors as unknown as tf.NamedTensorInfoMap, attrs, [dy]);
    const [dyAt = 0] = mlp.extra;
    const tapeWidth = kernels.gen_mlp_tape_width(mlp.net);
    const gradientFloats = 24 * 3 + 24 + 13 * 24 + 13 + 2 * 13 + 2;
    const take = (count: number) => mlp.layout.take(count);
    const [outWhole, outSplit] = [take(rows * 2), take(rows * 2)];
    const [tapeWhole, tapeSplit] = [take(rows * tapeWidth), take(rows * tapeWidth)];
    const [gradWhole, gradA, gradB] = [take(gradientFloats), take(gradientFloats), take(gradientFloats)];
    const [inWhole, inSplit] = [take(rows * 3), take(rows * 3)];
    const [divWhole, divSplit] = [take(rows), take(rows)];
    const scratch = [0, 1].map(() =>
      take(
        Math.max(
          kernels.gen_mlp_forward_scratch_floats(mlp.net),
          kernels.gen_mlp_backward_scratch_floats(mlp.net),
          kernels.gen_mlp_divergence_scratch_floats(mlp.net),
        ),
      ),
    );
    const [s0 = 0, s1 = 0] = scratch;
    runtime.reserve(mlp.layout.end).fill(0, gradWhole / 4, gradB / 4 + gradientFloats);

    kernels.gen_mlp_forward(mlp.net, mlp.t, mlp.x, outWhole, tapeWhole, s0, 0, rows);
    kernels.gen_mlp_forward(mlp.net, mlp.t, mlp.x, outSplit, tapeSplit, s0, 32, rows);
    kernels.gen_mlp_forward(mlp.net, mlp.t, mlp.x, outSplit, tapeSplit, s1, 0, 32);
    kernels.gen_mlp_backward(mlp.net, mlp.t, mlp.x, tapeWhole, dyAt, gradWhole, inWhole, s0, 0, rows);
    kernels.gen_mlp_backward(mlp.net, mlp.t, mlp.x, tapeSplit, dyAt, gradB, inSplit, s1, 32, rows);
    kernels.gen_mlp_backward(mlp.net, mlp.t, mlp.x, tapeSplit, dyAt, gradA, inSplit, s0, 0, 32);
    kernels.gen_add_into(gradA, gradB, 0, gradientFloats);
    kernels.gen_mlp_divergence(mlp.net, mlp.t, mlp.x, divWhole, 0, s0, 0, rows);
    kernels.gen_mlp_divergence(mlp.net, mlp.t, mlp.x, divSplit, 0, s1, 40, rows);
    kernels.gen_mlp_divergence(mlp.net, mlp.t, mlp.x, divSplit, 0, s0, 0, 40);

    const heap = runtime.reserve(mlp.layout.end);
    const read = (at: number, count: number) => Array.from(heap.subarray(at / 4, at / 4 + count));
    expect(read(outSplit, rows * 2)).toEqual(read(outWhole, rows * 2));
    expect(read(tapeSplit, rows * tapeWidth)).toEqual(read(tapeWhole, rows * tapeWidth));
    expectClose(read(gradA, gradientFloats), read(gradWhole, gradientFloats), { atol: 1e-6, rtol: 1e-6 }, 'grads');
    expect(read(inSplit, rows * 3)).toEqual(read(inWhole, rows * 3));
    expect(read(divSplit, rows)).toEqual(read(divWhole, rows));
    // The numbers are real: the output is not all zeros and the gradient accumulators were written.
    expect(read(outWhole, rows * 2).some((v) => v !== 0)).toBe(true);
    expect(read(gradWhole, gradientFloats).some((v) => v !== 0)).toBe(true);
    tf.dispose([...Object.values(tensors), dy]);
  });
});
