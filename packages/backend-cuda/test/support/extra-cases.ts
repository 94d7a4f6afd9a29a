import { FLOAT32_EPS, fixedInput, integerInput, type KernelCase, uniformInput } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';

/** Matrix products of k = 4 to 6 terms of order one: a few float32 roundings per entry (as the core suite's). */
const MATMUL_TOLERANCE = { atol: 64 * FLOAT32_EPS, rtol: 0 };

/**
 * Cases of this package on top of `@gen/core/testing`'s suite: kernels the shared suite does not exercise (Ceil,
 * _FusedMatMul) and the paths specific to this backend's dispatch — broadcast batch dimensions in matmul, int32
 * operands computed in float32, rank-6 broadcasting strides, and tensors without elements.
 */
export const CUDA_EXTRA_CASES: readonly KernelCase[] = [
  {
    name: 'Ceil: float32 [4, 5] in [−3, 3)',
    kernels: ['Ceil'],
    inputs: [uniformInput([4, 5], -3, 3)],
    run: (x) => tf.ceil(x),
  },
  ...(
    [
      ['linear', false, false],
      ['linear', true, true],
      ['relu', true, true],
      ['leakyrelu', false, true],
      ['elu', false, true],
      ['sigmoid', true, false],
    ] as const
  ).map(
    ([activation, transposeB, withBias]): KernelCase => ({
      name: `_FusedMatMul: [5, 4]·${transposeB ? '[3, 4]ᵀ' : '[4, 3]'}${withBias ? ' + bias [3]' : ''}, ${activation}`,
      kernels: ['_FusedMatMul'],
      inputs: [uniformInput([5, 4]), uniformInput(transposeB ? [3, 4] : [4, 3]), uniformInput([3])],
      run: (a, b, bias) =>
        tf.fused.matMul({
          a: a as tf.Tensor2D,
          b: b as tf.Tensor2D,
          transposeB,
          ...(withBias ? { bias } : {}),
          activation,
          leakyreluAlpha: 0.3,
        }),
      // The unfused ops: tfjs 4.22's wasm _FusedMatMul adds the bias wrongly when transposeB is set.
      reference: (a, b, bias) => {
        const product = tf.matMul(a as tf.Tensor, b as tf.Tensor, false, transposeB);
        const z = withBias ? tf.add(product, bias as tf.Tensor) : product;
        return { linear: z, relu: tf.relu(z), leakyrelu: tf.leakyRelu(z, 0.3), elu: tf.elu(z), sigmoid: tf.sigmoid(z) }[
          activation
        ];
      },
      tolerance: MATMUL_TOLERANCE,
    }),
  ),
  {
    name: 'BatchMatMul: batch dimensions broadcast partly, [2, 1, 3, 4]·[1, 3, 4, 5]',
    kernels: ['BatchMatMul'],
    inputs: [uniformInput([2, 1, 3, 4]), uniformInput([1, 3, 4, 5])],
    run: (a, b) => tf.matMul(a, b),
    // wasm's kernel broadcasts only a batch of one; the reference broadcasts explicitly.
    reference: (a, b) => tf.matMul(tf.broadcastTo(a, [2, 3, 3, 4]), tf.broadcastTo(b, [2, 3, 4, 5])),
    tolerance: MATMUL_TOLERANCE,
  },
  {
    name: 'BatchMatMul: one matrix against a batch, [4, 3]ᵀ·[2, 4, 5]',
    kernels: ['BatchMatMul'],
    inputs: [uniformInput([4, 3]), uniformInput([2, 4, 5])],
    run: (a, b) => tf.matMul(a, b, true, false),
    tolerance: MATMUL_TOLERANCE,
  },
  {
    name: 'BatchMatMul: int32 [3, 4]·[4, 2] (computed in float32, exact for small integers)',
    kernels: ['BatchMatMul'],
    inputs: [integerInput([3, 4], -9, 9), integerInput([4, 2], -9, 9)],
    run: (a, b) => tf.matMul(a, b),
    // wasm has no int32 matmul.
    reference: (a, b) => tf.cast(tf.matMul(tf.cast(a, 'float32'), tf.cast(b, 'float32')), 'int32'),
  },
  ...(
    [
      ['Square', tf.square],
      ['Sign', tf.sign],
      ['Relu', tf.relu],
      ['Exp', tf.exp],
    ] as const
  ).map(
    ([kernel, op]): KernelCase => ({
      name: `${kernel}: int32 [3, 4] in [−5, 5) (computed in float32)`,
      kernels: [kernel],
      inputs: [integerInput([3, 4], -5, 5)],
      run: (x) => op(x),
    }),
  ),
  {
    name: 'Mean, Min, Prod, AddN: int32 (computed in float32; Mean returns float32)',
    kernels: ['Mean', 'Min', 'Prod', 'AddN'],
    inputs: [integerInput([3, 4], -5, 5), integerInput([3, 4], -5, 5)],
    run: (a, b) => [tf.mean(a, 1), tf.min(a, 0), tf.prod(b, 1), tf.addN([a, b, a])],
  },
  {
    name: 'Multiply: int32 [2, 3] by a broadcast column [2, 1]',
    kernels: ['Multiply'],
    inputs: [integerInput([2, 3], -99, 99), integerInput([2, 1], -99, 99)],
    run: (a, b) => tf.mul(a, b),
  },
  {
    name: 'Add: rank-6 broadcasting, [2, 1, 3, 1, 2, 1] + [1, 2, 1, 2, 1, 3]',
    kernels: ['Add'],
    inputs: [uniformInput([2, 1, 3, 1, 2, 1]), uniformInput([1, 2, 1, 2, 1, 3])],
    run: (a, b) => tf.add(a, b),
  },
  {
    name: 'Select: a condition [1, 4] broadcast over [3, 4]',
    kernels: ['Select'],
    inputs: [fixedInput([1, 4], [1, 0, 0, 1], 'bool'), uniformInput([3, 4]), uniformInput([3, 4])],
    run: (c, a, b) => tf.where(c as tf.Tensor, a as tf.Tensor, b as tf.Tensor),
  },
  {
    name: 'Add, Concat, Slice: tensors without elements',
    kernels: ['Add', 'Concat', 'Slice'],
    inputs: [uniformInput([0, 3]), uniformInput([3]), uniformInput([2, 3])],
    run: (empty, row, x) => [tf.add(empty, row), tf.concat([empty, x], 0), tf.slice(x, [1, 0], [0, 3])],
  },
  {
    name: 'Sum, BatchMatMul: over an empty axis (0 and a zero matrix)',
    kernels: ['Sum', 'BatchMatMul'],
    inputs: [uniformInput([0, 3]), uniformInput([2, 0]), uniformInput([0, 3])],
    run: (empty, a, b) => [tf.sum(empty, 0), tf.matMul(a, b)],
    reference: () => [tf.zeros([3]), tf.zeros([2, 3])],
  },
  {
    name: 'Conv2D: 3×3, dilation 2, same, x [1, 9, 9, 2], filter [3, 3, 2, 3]',
    kernels: ['Conv2D'],
    inputs: [uniformInput([1, 9, 9, 2]), uniformInput([3, 3, 2, 3])],
    run: (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same', 'NHWC', 2),
    tolerance: MATMUL_TOLERANCE,
  },
  {
    name: "Conv2DBackpropInput: tf.conv2dTranspose [1, 4, 4, 3] → [1, 8, 8, 2], 3×3, stride 2, 'same'",
    kernels: ['Conv2DBackpropInput'],
    inputs: [uniformInput([1, 4, 4, 3]), uniformInput([3, 3, 2, 3])],
    run: (x, f) => tf.conv2dTranspose(x as tf.Tensor4D, f as tf.Tensor4D, [1, 8, 8, 2], 2, 'same'),
    tolerance: MATMUL_TOLERANCE,
  },
  {
    name: 'ResizeNearestNeighbor: int32 [1, 3, 5, 2] → 6×10 (the values copied unchanged)',
    kernels: ['ResizeNearestNeighbor'],
    inputs: [integerInput([1, 3, 5, 2], -50, 50)],
    run: (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [6, 10]),
    reference: (x) => tf.cast(tf.image.resizeNearestNeighbor(tf.cast(x, 'float32') as tf.Tensor4D, [6, 10]), 'int32'),
  },
  {
    name: 'ResizeNearestNeighborGrad: halfPixelCenters, 5×7 → 8×10, against sums over the forward map',
    kernels: ['ResizeNearestNeighbor', 'ResizeNearestNeighborGrad'],
    inputs: [uniformInput([2, 5, 7, 2]), uniformInput([2, 8, 10, 2])],
    run: (x, w) =>
      tf.grad((z: tf.Tensor) =>
        tf.sum(tf.mul(tf.image.resizeNearestNeighbor(z as tf.Tensor4D, [8, 10], false, true), w as tf.Tensor)),
      )(x as tf.Tensor),
    // tfjs 4.22's wasm and cpu gradients disagree with their own forward map here (see core's resize cases): the
    // reference sums w over the pixels the forward kernel copies from each input pixel, with one-hot matrices.
    reference: (_x, w) => {
      const source = (size: number, shape: [number, number, number, number], out: [number, number]) =>
        tf.oneHot(
          tf.cast(
            tf.reshape(
              tf.image.resizeNearestNeighbor(tf.reshape(tf.range(0, size), shape) as tf.Tensor4D, out, false, true),
              [-1],
            ),
            'int32',
          ),
          size,
        );
      const rows = tf.matMul(source(5, [1, 5, 1, 1], [8, 1]), tf.transpose(w as tf.Tensor, [0, 3, 1, 2]), true, false);
      return tf.transpose(tf.matMul(rows, source(7, [1, 1, 7, 1], [1, 10])), [0, 2, 3, 1]);
    },
    tolerance: MATMUL_TOLERANCE,
  },
  {
    name: 'UnsortedSegmentSum: int32 [6, 3] into 4 segments, ids −1 and 4 dropped',
    kernels: ['UnsortedSegmentSum'],
    inputs: [integerInput([6, 3], -20, 20), fixedInput([6], [0, -1, 3, 4, 3, 1], 'int32')],
    run: (x, ids) => tf.unsortedSegmentSum(x as tf.Tensor, ids as tf.Tensor1D, 4),
  },
];
