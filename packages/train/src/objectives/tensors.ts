import * as tf from '@tensorflow/tfjs';

/**
 * Multiplies sample i of `x` by `weights[i]` (the weights broadcast as [N, 1, ..., 1]).
 *
 * @param x - A tensor [N, ...sampleShape]; not disposed.
 * @param weights - N weights.
 * @returns A new tensor shaped like x.
 */
export function scaleRows(x: tf.Tensor, weights: ArrayLike<number>): tf.Tensor {
  const shape = [weights.length, ...new Array<number>(x.rank - 1).fill(1)];
  return tf.tidy(() => tf.mul(x, tf.tensor(Float32Array.from(weights), shape)));
}

/**
 * The weighted mean over samples of the squared Euclidean error, (1/N)·Σᵢ wᵢ·‖predictionᵢ − targetᵢ‖² (the norm
 * over every axis but the first).
 *
 * @param prediction - [N, ...sampleShape]; not disposed.
 * @param target - Shaped like `prediction`; not disposed.
 * @param weights - N weights (default all 1).
 * @returns A new float32 scalar.
 */
export function meanSquaredError(prediction: tf.Tensor, target: tf.Tensor, weights?: ArrayLike<number>): tf.Scalar {
  return tf.tidy(() => {
    const axes = Array.from({ length: prediction.rank - 1 }, (_, i) => i + 1);
    const error = tf.sum(tf.square(tf.sub(prediction, target)), axes);
    return tf.mean(weights === undefined ? error : scaleRows(error, weights));
  });
}

/**
 * A batch as rows: [N, ...sampleShape] → [N, D] with D the product of the sample shape (a view, no copy).
 *
 * @param x - A tensor of rank ≥ 2; not disposed.
 * @returns A new tensor [N, D] sharing x's data.
 */
export function flattenRows(x: tf.Tensor): tf.Tensor2D {
  return tf.reshape(x, [x.shape[0] as number, -1]);
}
