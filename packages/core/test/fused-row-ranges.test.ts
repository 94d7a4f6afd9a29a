import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, randomUniform } from '../src/index.js';
import { fusedRuntime } from '../src/kernels/fused/fused-runtime.js';
import { mlpTapeWidth, writeMlp } from '../src/kernels/fused/mlp-layout.js';
import { expectClose } from '../src/testing/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/**
 * Contract 3: every batch function writes only the rows of its range, so a pool that splits a call by rows gets the
 * one-call result bit for bit; the parameter gradients are split by their own rows (units), each summed over the
 * whole batch in a fixed order, so they too are bit-equal however a call is split.
 */
describe('the fused kernels split by rows', () => {
  it('forward, backward and divergence over split ranges equal one call over all rows, bit for bit', () => {
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
    const named = tensors as unknown as tf.NamedTensorInfoMap;
    const mlp = writeMlp(runtime, backend, named, attrs, [dy], true);
    const take = (count: number) => mlp.layout.take(count);
    // The backward's transposed panels are packed; add the forward's (the struct's field 8) and pack both.
    const packed = take(kernels.gen_mlp_packed_floats(mlp.net, 0));
    new Int32Array(runtime.reserve(mlp.layout.end).buffer)[mlp.net / 4 + 8] = packed;
    kernels.gen_mlp_pack(mlp.net);
    const [dyAt = 0] = mlp.extra;
    const tapeWidth = kernels.gen_mlp_tape_width(mlp.net);
    const deltaWidth = kernels.gen_mlp_delta_width(mlp.net);
    const units = kernels.gen_mlp_gradient_units(mlp.net);
    const gradientFloats = 24 * 3 + 24 + 13 * 24 + 13 + 2 * 13 + 2;
    const [outWhole, outSplit] = [take(rows * 2), take(rows * 2)];
    const [tapeWhole, tapeSplit] = [take(rows * tapeWidth), take(rows * tapeWidth)];
    const [deltasWhole, deltasSplit] = [take(rows * deltaWidth), take(rows * deltaWidth)];
    const [h0Whole, h0Split] = [take(rows * 3), take(rows * 3)];
    const [gradWhole, gradSplit] = [take(gradientFloats), take(gradientFloats)];
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
    runtime.reserve(mlp.layout.end).fill(Number.NaN, gradWhole / 4, gradSplit / 4 + gradientFloats);

    const f = mlp.net;
    kernels.gen_mlp_forward(f, mlp.t, mlp.x, outWhole, tapeWhole, s0, 0, rows);
    kernels.gen_mlp_forward(f, mlp.t, mlp.x, outSplit, tapeSplit, s0, 32, rows);
    kernels.gen_mlp_forward(f, mlp.t, mlp.x, outSplit, tapeSplit, s1, 0, 32);
    const backwardRows = (tape: number, deltas: number, h0: number, dInput: number, s: number, a: number, b: number) =>
      kernels.gen_mlp_backward_rows(mlp.net, mlp.t, mlp.x, tape, dyAt, deltas, h0, dInput, s, a, b);
    backwardRows(tapeWhole, deltasWhole, h0Whole, inWhole, s0, 0, rows);
    backwardRows(tapeSplit, deltasSplit, h0Split, inSplit, s1, 32, rows);
    backwardRows(tapeSplit, deltasSplit, h0Split, inSplit, s0, 0, 32);
    const grads = (deltas: number, h0: number, grad: number, a: number, b: number) =>
      kernels.gen_mlp_parameter_grads(mlp.net, rows, tapeWhole, dyAt, deltas, h0, grad, a === 0 ? s0 : s1, a, b);
    grads(deltasWhole, h0Whole, gradWhole, 0, units);
    // Units split mid-layer (layer 1's rows start at unit 4) and at a bias (unit 3 is ∂L/∂b₀).
    grads(deltasSplit, h0Split, gradSplit, 13, units);
    grads(deltasSplit, h0Split, gradSplit, 3, 13);
    grads(deltasSplit, h0Split, gradSplit, 0, 3);
    kernels.gen_mlp_divergence(f, mlp.t, mlp.x, divWhole, 0, s0, 0, rows);
    kernels.gen_mlp_divergence(f, mlp.t, mlp.x, divSplit, 0, s1, 40, rows);
    kernels.gen_mlp_divergence(f, mlp.t, mlp.x, divSplit, 0, s0, 0, 40);

    const heap = runtime.reserve(mlp.layout.end);
    const read = (at: number, count: number) => Array.from(heap.subarray(at / 4, at / 4 + count));
    expect(units).toBe(3 + 1 + 24 + 1 + 13 + 1);
    // The host's tape width (it lays the tape out before the network is in memory) is the module's.
    expect(mlpTapeWidth(widths)).toBe(tapeWidth);
    expect(tapeWidth).toBe(2 * (24 + 13));
    expect(deltaWidth).toBe(24 + 13);
    expect(read(outSplit, rows * 2)).toEqual(read(outWhole, rows * 2));
    expect(read(tapeSplit, rows * tapeWidth)).toEqual(read(tapeWhole, rows * tapeWidth));
    expect(read(deltasSplit, rows * deltaWidth)).toEqual(read(deltasWhole, rows * deltaWidth));
    expect(read(h0Split, rows * 3)).toEqual(read(h0Whole, rows * 3));
    expect(read(gradSplit, gradientFloats)).toEqual(read(gradWhole, gradientFloats));
    expect(read(inSplit, rows * 3)).toEqual(read(inWhole, rows * 3));
    expect(read(divSplit, rows)).toEqual(read(divWhole, rows));
    // The numbers are real: every gradient entry was written (none left NaN), and the output is not all zeros.
    expect(read(gradWhole, gradientFloats).some(Number.isNaN)).toBe(false);
    expect(read(gradWhole, gradientFloats).some((v) => v !== 0)).toBe(true);
    expect(read(outWhole, rows * 2).some((v) => v !== 0)).toBe(true);
    // And right: u equals the composite, and ∂L/∂b₂ = Σ_rows dy (the last layer's bias gradient).
    const composite = tf.tidy(() => {
      let h = tf.concat([tensors.x as tf.Tensor, tf.reshape(tensors.t as tf.Tensor, [-1, 1])], 1);
      for (let l = 0; l < 3; l += 1) {
        h = tf.add(tf.matMul(h, tensors[`kernel${l}`] as tf.Tensor), tensors[`bias${l}`] as tf.Tensor);
        if (l < 2) h = tf.mul(h, tf.sigmoid(h));
      }
      return Array.from(h.dataSync());
    });
    expectClose(read(outWhole, rows * 2), composite, { atol: 1e-5, rtol: 1e-5 }, 'u');
    const dySums = [0, 1].map((j) => read(dyAt, rows * 2).reduce((sum, v, i) => (i % 2 === j ? sum + v : sum), 0));
    expectClose(read(gradWhole + 4 * (gradientFloats - 2), 2), dySums, { atol: 1e-5, rtol: 1e-5 }, 'bias grad');
    tf.dispose([...Object.values(tensors), dy]);
  });
});
