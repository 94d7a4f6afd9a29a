import * as tf from '@tensorflow/tfjs';

/**
 * A k×k convolution with PyTorch's symmetric padding (k − 1)/2 on each side, then a bias: PyTorch's
 * `nn.Conv2d(in, out, k, stride, padding=(k − 1)/2)` in NHWC.
 *
 * @remarks
 * The padding is given to tfjs as an explicit number, never `'same'`: for stride 2, `'same'` pads 0 on top and 1
 * at the bottom of an even-sized input, where PyTorch pads 1 on both sides, so the two would sample different
 * pixels. With padding 1, a 3×3 stride-2 convolution maps a side s to ⌈s/2⌉.
 *
 * Its gradients are tfjs's `Conv2DBackpropInput` and `Conv2DBackpropFilter` kernels on every backend (on wasm,
 * gen's: see `@gen/core/internal`'s `registerGenKernels`).
 *
 * @param x - Feature maps [N, H, W, in]; not disposed.
 * @param kernel - [k, k, in, out] with k odd; not disposed.
 * @param bias - [out]; not disposed.
 * @param stride - 1 or 2.
 * @returns [N, H', W', out] with H' = ⌊(H − 1)/stride⌋ + 1, owned by the caller.
 * @example
 * ```ts
 * const y = paddedConv2d(x, kernel, bias, 2); // [N, 28, 28, C] → [N, 14, 14, out]
 * ```
 */
export function paddedConv2d(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor, stride: 1 | 2): tf.Tensor {
  const padding = ((kernel.shape[0] as number) - 1) / 2;
  return tf.tidy(() => tf.add(tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, stride, padding), bias));
}
