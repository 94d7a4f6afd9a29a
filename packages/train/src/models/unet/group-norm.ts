import * as tf from '@tensorflow/tfjs';

/** GroupNorm's ε, added to the variance (PyTorch's default). */
export const GROUP_NORM_EPSILON = 1e-5;

/**
 * Group normalisation of NHWC feature maps: PyTorch's `nn.GroupNorm(groups, C, eps=1e-5, affine=True)`.
 *
 * @remarks
 * The C channels are split into `groups` consecutive groups of C/G channels; each sample's group is normalised by
 * the mean μ and the biased variance σ² of its H·W·C/G values, y = (x − μ)/√(σ² + ε)·γ + β, with γ and β per
 * channel.
 *
 * @param x - Feature maps [N, H, W, C], float32; not disposed.
 * @param weight - γ [C]; not disposed.
 * @param bias - β [C]; not disposed.
 * @param groups - G, dividing C.
 * @returns [N, H, W, C], owned by the caller.
 * @example
 * ```ts
 * const y = groupNorm(x, tf.ones([32]), tf.zeros([32]), 8);
 * ```
 * @see Y. Wu and K. He, "Group Normalization", ECCV 2018.
 */
export function groupNorm(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, groups: number): tf.Tensor {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const size = c / groups;
    const grouped = tf.reshape(x, [n, h * w, groups, size]);
    const { mean, variance } = tf.moments(grouped, [1, 3], true);
    // y = x·scale + shift with scale = γ/√(σ² + ε) and shift = β − μ·scale per sample and channel: two passes over
    // the feature maps instead of four (broadcasting binary ops are slow on the wasm backend).
    const scale = tf.mul(tf.rsqrt(tf.add(variance, GROUP_NORM_EPSILON)), tf.reshape(weight, [1, 1, groups, size]));
    const shift = tf.sub(tf.reshape(bias, [1, 1, groups, size]), tf.mul(mean, scale));
    return tf.reshape(tf.add(tf.mul(grouped, scale), shift), [n, h, w, c]);
  });
}
