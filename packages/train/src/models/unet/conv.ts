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
 * The backward pass is written out with forward convolutions, which every backend runs fast (see
 * `kernelGradient` and `inputGradient`): tfjs 4.22's `Conv2DBackpropFilter` takes about 70× the forward time on the
 * cpu backend and is missing on wasm, and wasm's `Conv2DBackpropInput` is a plain loop about 30× slower than its
 * XNNPACK forward convolution.
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
  return (stride === 1 ? convStride1 : convStride2)(x, kernel, bias);
}

const convStride1 = convWithGradients(1);
const convStride2 = convWithGradients(2);

function convWithGradients(stride: 1 | 2) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, bias, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
    const padding = ((kernel.shape[0] as number) - 1) / 2;
    save([x, kernel]);
    return {
      value: tf.add(tf.conv2d(x, kernel, stride, padding), bias),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [input, weights] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dy4 = dy as tf.Tensor4D;
        return [
          inputGradient(dy4, weights, input.shape, stride),
          kernelGradient(input, dy4, weights.shape[0] as number, stride),
          tf.sum(dy4, [0, 1, 2]),
        ];
      },
    };
  });
}

/**
 * ∂L/∂x of a padded convolution: for stride 1, the forward convolution of dy with the kernel rotated by 180° and its
 * channel axes swapped (the same padding); for stride 2, tfjs's transposed convolution.
 */
function inputGradient(
  dy: tf.Tensor4D,
  kernel: tf.Tensor4D,
  inputShape: [number, number, number, number],
  stride: 1 | 2,
): tf.Tensor {
  const padding = ((kernel.shape[0] as number) - 1) / 2;
  if (stride === 2) return tf.conv2dTranspose(dy, kernel, inputShape, stride, padding);
  return tf.tidy(() => {
    const flipped = tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(dy, flipped, 1, padding);
  });
}

/**
 * ∂L/∂W of a padded convolution as one forward convolution: W'[dy, dx, i, o] = Σ_{n, y, x} x̄[n, s·y + dy, s·x + dx, i]
 * · g[n, y, x, o] (x̄ the padded input, g = dy, s the stride) is the valid convolution of x̄ with channels and batch
 * swapped ([in, H + 2p, W + 2p, N]) by g as a filter ([H', W', N, out]) dilated by s; its first k×k outputs, with
 * the axes put back, are [k, k, in, out].
 */
function kernelGradient(x: tf.Tensor4D, dy: tf.Tensor4D, size: number, stride: 1 | 2): tf.Tensor {
  return tf.tidy(() => {
    const p = (size - 1) / 2;
    const padded =
      p === 0
        ? x
        : tf.pad(x, [
            [0, 0],
            [p, p],
            [p, p],
            [0, 0],
          ]);
    const input = tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D;
    const filter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    const full = tf.conv2d(input, filter, 1, 'valid', 'NHWC', stride);
    return tf.transpose(tf.slice(full, [0, 0, 0, 0], [-1, size, size, -1]), [1, 2, 0, 3]);
  });
}
