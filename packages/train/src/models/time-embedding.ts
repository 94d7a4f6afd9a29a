import { Rng } from '@gen/core';
import * as tf from '@tensorflow/tfjs';

/** The ways an {@link MlpVectorField} can feed the time t to its first layer. */
export const TIME_EMBEDDINGS = ['concat', 'fourier'] as const;

/**
 * How the time enters the network.
 *
 * @remarks
 * - `'concat'`: t itself is appended to x as one more input column.
 * - `'fourier'`: Gaussian Fourier features [sin(2π f₁ t), …, sin(2π f_K t), cos(2π f₁ t), …, cos(2π f_K t)] with
 *   fixed frequencies f_k ~ N(0, scale²) drawn from the seed (2K input columns).
 */
export type TimeEmbedding = (typeof TIME_EMBEDDINGS)[number];

/**
 * Draws the fixed frequencies of Gaussian Fourier features: f_k = scale·z_k with z_k standard normal.
 *
 * @remarks
 * Drawn on the host by `Rng` in float64 and rounded to float32, so they are the same on every backend.
 *
 * @param count - The number of frequencies K, an integer ≥ 1.
 * @param scale - The standard deviation of the frequencies, > 0.
 * @param seed - The seed of the draw.
 * @returns K frequencies (cycles per unit time).
 * @example
 * ```ts
 * const frequencies = fourierFrequencies(16, 1, 7);
 * ```
 * @see M. Tancik et al., "Fourier Features Let Networks Learn High Frequency Functions in Low Dimensional
 *   Domains", NeurIPS 2020.
 */
export function fourierFrequencies(count: number, scale: number, seed: number): Float32Array {
  const frequencies = new Rng(seed).fillNormal(new Float64Array(count));
  return Float32Array.from(frequencies, (z) => scale * z);
}

/**
 * The time features of a batch: the first-layer columns that carry t.
 *
 * @remarks
 * Without frequencies (the `'concat'` embedding) the features are t itself, [N, 1]. With K frequencies f (the
 * `'fourier'` embedding) they are [sin(2π f t), cos(2π f t)], [N, 2K]. The features depend on t only, never on
 * x, so they contribute nothing to the Jacobian ∂u/∂x.
 *
 * @param t - Times [N], float32; not disposed.
 * @param frequencies - The Fourier frequencies [K], or `undefined` for the `'concat'` embedding.
 * @returns The features [N, 1] or [N, 2K], owned by the caller.
 * @example
 * ```ts
 * const features = embedTime(tf.tensor1d([0, 0.5]), tf.tensor1d([1, 2])); // [2, 4]
 * ```
 * @see Y. Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021
 *   (Gaussian Fourier projection of the time).
 */
export function embedTime(t: tf.Tensor, frequencies: tf.Tensor | undefined): tf.Tensor {
  return tf.tidy(() => {
    const column = tf.reshape(t, [-1, 1]);
    if (frequencies === undefined) return column;
    const angles = tf.mul(column, tf.reshape(tf.mul(frequencies, 2 * Math.PI), [1, -1]));
    return tf.concat([tf.sin(angles), tf.cos(angles)], 1);
  });
}
