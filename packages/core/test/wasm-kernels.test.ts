import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, randomUniform } from '../src/index.js';
import {
  CPU_KERNEL_FIXES,
  conv2DBackpropFilterAsConvConfig,
  WASM_KERNEL_CONFIGS,
  WASM_KERNEL_REPLACEMENTS,
} from '../src/internal.js';
import { autodiffAndDifferences, expectClose } from '../src/testing/index.js';

const PAD_1: tf.backend_util.ExplicitPadding = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

beforeAll(async () => {
  await initBackend('wasm');
});

/** Seeded uniform values in [−1, 1) from core's generator (the same numbers on every backend). */
function uniform(shape: number[], seed: number): tf.Tensor {
  return randomUniform(shape, seed, -1, 1);
}

describe('the kernels gen registers for tfjs-backend-wasm 4.22 and in place of a wrong cpu one', () => {
  it('are registered by initBackend and are exactly the two wasm lacks', () => {
    expect(WASM_KERNEL_CONFIGS.map((k) => [k.kernelName, k.backendName])).toEqual([
      ['Conv2DBackpropFilter', 'wasm'],
      ['UnsortedSegmentSum', 'wasm'],
    ]);
    for (const config of WASM_KERNEL_CONFIGS) expect(tf.getKernel(config.kernelName, 'wasm')).toBe(config);
  });

  it("replace tfjs-backend-wasm's slow Conv2DBackpropInput and tfjs's slow cpu Conv2DBackpropFilter", () => {
    expect(WASM_KERNEL_REPLACEMENTS.map((k) => [k.kernelName, k.backendName])).toEqual([
      ['Conv2DBackpropInput', 'wasm'],
    ]);
    for (const config of [...WASM_KERNEL_REPLACEMENTS, ...CPU_KERNEL_FIXES]) {
      expect(tf.getKernel(config.kernelName, config.backendName)).toBe(config);
    }
  });

  it("replace tfjs's cpu ResizeNearestNeighborGrad, whose second image of a batch goes to the wrong offset", async () => {
    expect(CPU_KERNEL_FIXES.map((k) => [k.kernelName, k.backendName])).toEqual([
      ['ResizeNearestNeighborGrad', 'cpu'],
      ['Conv2DBackpropFilter', 'cpu'],
    ]);
    await tf.setBackend('cpu');
    try {
      // Two 1×1 images resized to 2×2: each pixel's gradient is the sum of its 4 copies' weights.
      const x = tf.zeros([2, 1, 1, 1]);
      const w = tf.tensor4d([1, 2, 3, 4, 10, 20, 30, 40], [2, 2, 2, 1]);
      const upsample = (z: tf.Tensor) => tf.image.resizeNearestNeighbor(z as tf.Tensor4D, [2, 2]);
      const g = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(upsample(z), w)))(x);
      expect(Array.from(await g.data())).toEqual([10, 100]);
      tf.dispose([x, w, g]);
    } finally {
      await tf.setBackend('wasm');
    }
  });

  const CONVS = [
    ['3×3, stride 1, padding 1', [2, 6, 6, 3], [3, 3, 3, 4], 1, PAD_1],
    ['3×3, stride 2, padding 1, odd size 7', [2, 7, 7, 2], [3, 3, 2, 3], 2, PAD_1],
    ['1×1, valid', [2, 4, 4, 5], [1, 1, 5, 2], 1, 'valid'],
    ["3×3, stride 2, 'same'", [1, 6, 5, 2], [3, 3, 2, 2], 2, 'same'],
    ['2×2, stride 3, valid, size 8 (taps never reach some pixels)', [2, 8, 8, 2], [2, 2, 2, 3], 3, 'valid'],
    ['1×1, stride 2, valid (kernel smaller than the stride)', [1, 5, 5, 2], [1, 1, 2, 2], 2, 'valid'],
  ] as const;
  const CASES = ['wasm', 'cpu'].flatMap((backend) => CONVS.map((c) => [backend, ...c] as const));

  // Σ w·conv(x, f)² is quadratic in f (and in x), so central differences are exact up to float32 rounding of the
  // loss (|L| ≲ 50, eps·|L|/ε ≈ 6e-4 at ε = 1e-2).
  it.each(CASES)(
    'Conv2DBackpropFilter on %s (%s) matches central differences of Σ w·conv(x, f)²',
    async (backend, _what, xShape, fShape, stride, pad) => {
      await tf.setBackend(backend);
      try {
        const x = uniform([...xShape], 1);
        const filter = tf.variable(uniform([...fShape], 2));
        const conv = (f: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad as never);
        const w = tf.tidy(() => uniform(conv(filter).shape, 3));
        const { autodiff, numeric } = await autodiffAndDifferences(
          (f) => tf.sum(tf.mul(tf.square(conv(f as tf.Tensor4D)), w)),
          [filter],
        );
        expectClose(autodiff, numeric, { atol: 2e-3, rtol: 2e-3 }, 'filter gradient');
        tf.dispose([x, filter, w]);
      } finally {
        await tf.setBackend('wasm');
      }
    },
  );

  it.each(CONVS)(
    'Conv2DBackpropInput on wasm (%s) matches central differences of Σ w·conv(x, f)²',
    async (_what, xShape, fShape, stride, pad) => {
      const x = tf.variable(uniform([...xShape], 4));
      const filter = uniform([...fShape], 5);
      const conv = (z: tf.Tensor) => tf.conv2d(z as tf.Tensor4D, filter as tf.Tensor4D, stride, pad as never);
      const w = tf.tidy(() => uniform(conv(x).shape, 6));
      const { autodiff, numeric } = await autodiffAndDifferences(
        (z) => tf.sum(tf.mul(tf.square(conv(z as tf.Tensor4D)), w)),
        [x],
      );
      expectClose(autodiff, numeric, { atol: 2e-3, rtol: 2e-3 }, 'input gradient');
      tf.dispose([x, filter, w]);
    },
  );

  // The forward-convolution form (webgl's kernel), run here on the cpu and wasm backends' own kernels, against the
  // registered kernel those backends use (checked against central differences above): the same sums of products of
  // order one, grouped differently.
  it.each(CASES)(
    'conv2DBackpropFilterAsConvConfig on %s (%s) agrees with the registered Conv2DBackpropFilter',
    async (backend, _what, xShape, fShape, stride, pad) => {
      await tf.setBackend(backend);
      try {
        const x = uniform([...xShape], 7);
        const info = tf.backend_util.computeConv2DInfo(
          [...xShape] as [number, number, number, number],
          [...fShape] as [number, number, number, number],
          stride,
          1,
          pad as never,
        );
        const dy = uniform(info.outShape, 8);
        const attrs = { strides: [stride, stride], pad, dataFormat: 'NHWC', filterShape: [...fShape] };
        const registered = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as never) as tf.Tensor;
        const before = tf.backend().numDataIds();
        const info2 = conv2DBackpropFilterAsConvConfig(backend).kernelFunc({
          inputs: { x, dy },
          attrs: attrs as never,
          backend: tf.backend(),
        }) as tf.TensorInfo;
        const asConv = tf.engine().makeTensorFromTensorInfo(info2);
        expect(asConv.shape).toEqual([...fShape]);
        expectClose(await asConv.data(), await registered.data(), { atol: 1e-4, rtol: 1e-5 }, 'filter gradient');
        expect(tf.backend().numDataIds(), 'intermediates released').toBe(before + 1);
        tf.dispose([x, dy, registered, asConv]);
      } finally {
        await tf.setBackend('wasm');
      }
    },
  );

  it('Conv2DBackpropFilter sums its image blocks: 13 images of 80×80×16 (two blocks) = Σ per-image gradients', async () => {
    const x = uniform([13, 80, 80, 16], 4);
    const dy = uniform([13, 80, 80, 8], 5);
    const attrs = { strides: [1, 1], pad: PAD_1, dataFormat: 'NHWC', filterShape: [3, 3, 16, 8] };
    const gradient = (xs: tf.Tensor, dys: tf.Tensor) =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x: xs, dy: dys }, attrs as never) as tf.Tensor;
    const whole = tf.tidy(() => gradient(x, dy));
    const perImage = tf.tidy(() =>
      tf.addN(Array.from({ length: 13 }, (_, n) => gradient(tf.slice(x, n, 1), tf.slice(dy, n, 1)))),
    );
    // Each entry sums 13·80·80 ≈ 8·10⁴ products of mean magnitude 1/4, in two different groupings: float32 rounding
    // of each is up to about ε·Σ|terms| ≈ 6e-8 · 2·10⁴ ≈ 1.2e-3.
    expectClose(await whole.data(), await perImage.data(), { atol: 5e-3, rtol: 0 }, 'blocked gradient');
    tf.dispose([x, dy, whole, perImage]);
  });

  it('UnsortedSegmentSum: tf.grad through tf.gather of an embedding table matches central differences', async () => {
    const table = tf.variable(uniform([6, 4], 6));
    const labels = tf.tensor1d([0, 5, 2, 2, 5, 5, 1], 'int32');
    const w = uniform([7, 4], 7);
    const { autodiff, numeric } = await autodiffAndDifferences(
      (t) => tf.sum(tf.mul(tf.square(tf.gather(t as tf.Tensor, labels)), w)),
      [table],
    );
    expectClose(autodiff, numeric, { atol: 1e-3, rtol: 1e-3 }, 'table gradient');
    // Row 3 and 4 are never gathered: their gradient is exactly 0.
    expect(Array.from(autodiff.slice(12, 20))).toEqual(new Array(8).fill(0));
    tf.dispose([table, labels, w]);
  });

  it('UnsortedSegmentSum drops ids outside [0, numSegments) and keeps int32 as int32', async () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2], 'int32');
    const ids = tf.tensor1d([1, -1, 1, 3], 'int32');
    const out = tf.unsortedSegmentSum(x, ids, 3);
    expect(out.dtype).toBe('int32');
    expect(Array.from(await out.data())).toEqual([0, 0, 6, 8, 0, 0]);
    tf.dispose([x, ids, out]);
  });

  it('Conv2DBackpropFilter refuses NCHW by name', () => {
    const x = tf.zeros([1, 2, 4, 4]);
    const dy = tf.zeros([1, 2, 4, 4]);
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 2] };
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as never)).toThrow(
      /Conv2DBackpropFilter on wasm supports dataFormat NHWC only, got NCHW/,
    );
    tf.dispose([x, dy]);
  });
});
