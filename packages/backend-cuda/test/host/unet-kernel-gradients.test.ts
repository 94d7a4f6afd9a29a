import { randomUniform } from '@gen/core';
import { autodiffAndDifferences, expectClose } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CudaUnsupportedError } from '../../src/errors/cuda-unsupported-error.js';
import { CUDA_KERNEL_CONFIGS } from '../../src/kernel-configs.js';
import { HOST_BACKEND, registerHostBackend } from '../support/host-backend.js';
import { loadWasm } from '../support/wasm.js';

const PAD_1: tf.backend_util.ExplicitPadding = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

beforeAll(async () => {
  await loadWasm();
  registerHostBackend();
  await tf.setBackend(HOST_BACKEND);
});

/** Seeded values in [−1, 1) from core's generator (the same numbers on every backend). */
function uniform(shape: number[], seed: number): tf.Tensor {
  return randomUniform(shape, seed, -1, 1);
}

/**
 * tf.grads of a quadratic loss for each variable on the host build, leak-checked, next to its central differences
 * (exact for a quadratic up to float32 rounding of the loss: eps·|L|/ε ≈ 1e-4 here at ε = 1e-2).
 */
async function expectGradientsMatchDifferences(
  loss: (...vs: tf.Tensor[]) => tf.Scalar,
  variables: tf.Variable[],
): Promise<void> {
  const { autodiff, numeric } = await autodiffAndDifferences(loss, variables);
  expectClose(autodiff, numeric, { atol: 2e-3, rtol: 2e-3 }, 'gradient');
}

describe(`the U-Net kernels on ${HOST_BACKEND}: gradients against central differences`, () => {
  it.each([
    ['3×3, stride 1, padding 1', [2, 5, 5, 2], [3, 3, 2, 3], 1, PAD_1],
    ['3×3, stride 2, padding 1, odd size 7', [1, 7, 7, 2], [3, 3, 2, 2], 2, PAD_1],
    ["3×3, stride 2, 'same' (padded 0 before, 1 after)", [1, 6, 6, 2], [3, 3, 2, 2], 2, 'same'],
    ['1×1, valid', [2, 3, 3, 3], [1, 1, 3, 2], 1, 'valid'],
  ] as const)(
    'Conv2DBackpropInput and Conv2DBackpropFilter (%s) for Σ w·conv(x, f)²',
    async (_what, xShape, fShape, stride, pad) => {
      const x = tf.variable(uniform([...xShape], 1));
      const filter = tf.variable(uniform([...fShape], 2));
      const conv = (a: tf.Tensor, f: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, stride, pad as never);
      const w = tf.tidy(() => uniform(conv(x, filter).shape, 3));
      await expectGradientsMatchDifferences(
        (a, f) => tf.sum(tf.mul(tf.square(conv(a as tf.Tensor, f as tf.Tensor)), w)),
        [x, filter],
      );
      tf.dispose([x, filter, w]);
    },
  );

  it('ResizeNearestNeighborGrad (×2 and 3×5 → 7×8) for Σ w·resize(x)²', async () => {
    for (const [shape, size] of [
      [
        [2, 3, 3, 2],
        [6, 6],
      ],
      [
        [1, 3, 5, 1],
        [7, 8],
      ],
    ] as const) {
      const x = tf.variable(uniform([...shape], 4));
      const w = uniform([shape[0], size[0], size[1], shape[3]], 5);
      await expectGradientsMatchDifferences(
        (a) => tf.sum(tf.mul(tf.square(tf.image.resizeNearestNeighbor(a as tf.Tensor4D, [...size])), w)),
        [x],
      );
      tf.dispose([x, w]);
    }
  });

  it('Softmax and UnsortedSegmentSum (through tf.gather) for Σ w·softmax(table[labels])²', async () => {
    const table = tf.variable(uniform([5, 4], 6));
    const labels = tf.tensor1d([4, 0, 4, 2, 2, 2], 'int32');
    const w = uniform([6, 4], 7);
    await expectGradientsMatchDifferences(
      (t) => tf.sum(tf.mul(tf.square(tf.softmax(tf.mul(tf.gather(t as tf.Tensor, labels), 3))), w)),
      [table],
    );
    tf.dispose([table, labels, w]);
  });
});

/**
 * The kernels one training step of a U-Net runs on cpu (tf.profile of an SGD step of `@gen/core`'s
 * test/unet-training-kernels.test.ts miniature, which uses every op of gen's U-Net), plus Floor (dropout).
 */
const UNET_STEP_KERNELS = (
  'Add BatchMatMul Cast Concat Conv2D Conv2DBackpropFilter Conv2DBackpropInput Cos Exp Floor GatherV2 Identity Mean ' +
  'Multiply Neg PadV2 Pow Range RealDiv Reshape ResizeNearestNeighbor ResizeNearestNeighborGrad Rsqrt Sigmoid Sin ' +
  'Slice Softmax SplitV Sqrt Square Sub Sum Transpose UnsortedSegmentSum ZerosLike'
).split(' ');

describe(`the U-Net kernels on ${HOST_BACKEND}: what they refuse`, () => {
  it('registers every kernel a U-Net training step runs', () => {
    const registered = new Set(CUDA_KERNEL_CONFIGS.map((k) => k.kernelName));
    expect(UNET_STEP_KERNELS.filter((k) => !registered.has(k))).toEqual([]);
  });

  it('NCHW convolutions and a softmax over another axis than the last, by name', () => {
    const x = tf.zeros([1, 2, 4, 4]);
    const filter = tf.zeros([3, 3, 2, 2]);
    const conv = () =>
      tf.engine().runKernel('Conv2D', { x, filter }, {
        strides: [1, 1],
        pad: 'same',
        dataFormat: 'NCHW',
        dilations: [1, 1],
      } as never);
    expect(conv).toThrow(CudaUnsupportedError);
    expect(conv).toThrow("The cuda backend's kernel 'Conv2D' does not support dataFormat NCHW (supported: NHWC).");
    const softmax = () => tf.engine().runKernel('Softmax', { logits: x }, { dim: 1 } as never);
    expect(softmax).toThrow("The cuda backend's kernel 'Softmax' does not support dim 1 (supported: -1, 3).");
    tf.dispose([x, filter]);
  });
});
