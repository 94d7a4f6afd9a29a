import * as tf from '@tensorflow/tfjs';

/**
 * Multiplies row i of `x` by `weights[i]`.
 *
 * @param x - A tensor [N, D]; not disposed.
 * @param weights - N weights.
 * @returns A new tensor [N, D].
 */
export function scaleRows(x: tf.Tensor, weights: ArrayLike<number>): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.tensor2d(Float32Array.from(weights), [weights.length, 1])));
}

/**
 * The weighted mean over rows of the squared Euclidean error, (1/N)·Σᵢ wᵢ·‖predictionᵢ − targetᵢ‖².
 *
 * @param prediction - [N, D]; not disposed.
 * @param target - [N, D]; not disposed.
 * @param weights - N weights (default all 1).
 * @returns A new float32 scalar.
 */
export function meanSquaredError(prediction: tf.Tensor, target: tf.Tensor, weights?: ArrayLike<number>): tf.Scalar {
  return tf.tidy(() => {
    const error = tf.sum(tf.square(tf.sub(prediction, target)), 1, true);
    return tf.mean(weights === undefined ? error : scaleRows(error, weights));
  });
}
