import * as tf from '@tensorflow/tfjs';

/**
 * y = x·W + b with a hand-written backward pass that uses explicit transposes and plain matrix products.
 *
 * @remarks
 * The backward pass returns ∂L/∂x = dy·Wᵀ, ∂L/∂W = xᵀ·dy and ∂L/∂b = Σ_rows dy, with each transpose materialised
 * by `tf.transpose` before a `matMul` without transpose flags. tfjs's own BatchMatMul gradient asks for
 * `matMul(dy, W, false, true)` and `matMul(x, dy, true, false)`, which the wasm backend runs several times more
 * slowly than an explicit transpose followed by a plain product.
 */
const fastLinear = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x, w), b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [input, kernel] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dy2 = dy as tf.Tensor2D;
      return [tf.matMul(dy2, tf.transpose(kernel)), tf.matMul(tf.transpose(input), dy2), tf.sum(dy2, 0)];
    },
  };
});

/**
 * A dense layer's affine map y = x·W + b, with either the fast custom gradient or tfjs's plain autodiff.
 *
 * @remarks
 * Both variants compute the same forward value with the same kernels; they differ only in how the backward pass
 * is assembled (see `fastGradients` in {@link MlpVectorFieldOptions}): the fast one computes dW = xᵀ·dy and
 * dx = dy·Wᵀ with explicit `tf.transpose` and plain `matMul`, about 5× faster on tfjs's wasm backend. The
 * gradients agree to float32 rounding.
 *
 * @param x - Inputs [N, in]; not disposed.
 * @param w - Kernel [in, out]; not disposed.
 * @param b - Bias [out]; not disposed.
 * @param fastGradients - Whether to use the custom backward pass.
 * @returns y = x·W + b, [N, out], owned by the caller.
 * @example
 * ```ts
 * const y = linear(x, kernel, bias, true);
 * ```
 */
export function linear(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, fastGradients: boolean): tf.Tensor {
  if (fastGradients) return fastLinear(x, w, b);
  return tf.tidy(() => tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b));
}
