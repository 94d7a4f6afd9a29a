import * as tf from '@tensorflow/tfjs';

/**
 * Nearest-neighbour ×2 upsampling: every pixel becomes a 2×2 block (PyTorch's
 * `F.interpolate(x, scale_factor=2, mode="nearest")`).
 *
 * @remarks
 * Computed as a broadcasting product with ones, exact in float32, whose gradient (a sum over each 2×2 block) every
 * backend has.
 *
 * @param x - Feature maps [N, H, W, C]; not disposed.
 * @returns [N, 2H, 2W, C], owned by the caller.
 * @example
 * ```ts
 * upsampleNearest2x(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])); // rows [1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], …
 * ```
 */
export function upsampleNearest2x(x: tf.Tensor): tf.Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  return tf.tidy(() => {
    const blocks = tf.mul(tf.reshape(x, [n * h, 1, w, 1, c]), tf.ones([1, 2, 1, 2, 1]));
    return tf.reshape(blocks, [n, 2 * h, 2 * w, c]);
  });
}

/**
 * The top-left `height`×`width` window of feature maps (`x[:, :, :height, :width]` in PyTorch's NCHW): how the
 * U-Net's up path matches an upsampled map to a skip of odd size (8 → 7).
 *
 * @param x - Feature maps [N, H, W, C] with H ≥ height, W ≥ width; not disposed.
 * @param height - Rows to keep.
 * @param width - Columns to keep.
 * @returns [N, height, width, C] owned by the caller (a new tensor even when nothing is cropped).
 * @example
 * ```ts
 * cropTopLeft(x, 7, 7); // [N, 8, 8, C] → [N, 7, 7, C]
 * ```
 */
export function cropTopLeft(x: tf.Tensor, height: number, width: number): tf.Tensor {
  return tf.slice(x, [0, 0, 0, 0], [-1, height, width, -1]);
}
