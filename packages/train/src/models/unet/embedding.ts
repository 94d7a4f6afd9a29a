import * as tf from '@tensorflow/tfjs';
import { activate } from '../activations.js';
import { linear } from '../linear-layer.js';

/**
 * The sinusoidal time features of the U-Net: [cos(1000·t·f), sin(1000·t·f)] with f_i = exp(−ln(10000)·i/half),
 * i = 0 … half − 1, half = channels/2 (cosines first).
 *
 * @remarks
 * The frequencies are computed in float64 on the host and rounded to float32; the angles are (1000·t)·f_i in
 * float32. t ∈ [0, 1] is scaled by 1000 to the range of the integer diffusion steps these features were designed
 * for.
 *
 * @param t - Times [N], float32; not disposed.
 * @param channels - The number of features, even.
 * @returns [N, channels], owned by the caller.
 * @example
 * ```ts
 * const features = sinusoidalTimeFeatures(tf.tensor1d([0, 0.5]), 32); // [2, 32]; row 0 is 16 ones, 16 zeros
 * ```
 * @see J. Ho et al., "Denoising Diffusion Probabilistic Models", NeurIPS 2020; A. Vaswani et al., "Attention Is
 *   All You Need", NeurIPS 2017.
 */
export function sinusoidalTimeFeatures(t: tf.Tensor, channels: number): tf.Tensor {
  const half = channels / 2;
  const frequencies = Float32Array.from({ length: half }, (_, i) => Math.exp((-Math.log(10000) * i) / half));
  return tf.tidy(() => {
    const angles = tf.mul(tf.reshape(tf.mul(t, 1000), [-1, 1]), tf.tensor2d(frequencies, [1, half]));
    return tf.concat([tf.cos(angles), tf.sin(angles)], 1);
  });
}

/** The weights of the time and class embedding (see {@link timeClassEmbedding}); not disposed by it. */
export interface EmbeddingWeights {
  /** Linear(baseChannels → E): kernel [baseChannels, E], bias [E]. */
  readonly kernel0: tf.Tensor;
  readonly bias0: tf.Tensor;
  /** Linear(E → E): kernel [E, E], bias [E]. */
  readonly kernel2: tf.Tensor;
  readonly bias2: tf.Tensor;
  /** The class table [(K + 1), E], for a class-conditional model. */
  readonly classTable: tf.Tensor | undefined;
}

/**
 * The embedding every res block receives: Linear(SiLU(Linear(features(t)))) plus, for a class-conditional model,
 * row `labels[n]` of the class table (row K: no class).
 *
 * @remarks
 * The table row is picked by a one-hot product (built with `equal`: tfjs-backend-wasm 4.22's `OneHot` ignores a
 * float32 dtype), exact in float32 and differentiable on every backend.
 *
 * @param t - Times [N], float32; not disposed.
 * @param labels - int32 [N] with values 0 … K when the model has a class table, else undefined; not disposed.
 * @param weights - The embedding's weights.
 * @returns [N, E], owned by the caller.
 * @example
 * ```ts
 * const emb = timeClassEmbedding(t, labels, weights); // [N, 4·baseChannels]
 * ```
 */
export function timeClassEmbedding(t: tf.Tensor, labels: tf.Tensor | undefined, weights: EmbeddingWeights): tf.Tensor {
  return tf.tidy(() => {
    const features = sinusoidalTimeFeatures(t, weights.kernel0.shape[0] as number);
    const hidden = activate('silu', linear(features, weights.kernel0, weights.bias0, true));
    const embedding = linear(hidden, weights.kernel2, weights.bias2, true);
    if (weights.classTable === undefined || labels === undefined) return embedding;
    const rows = weights.classTable.shape[0] as number;
    return tf.add(embedding, tf.matMul(oneHotRows(labels, rows), weights.classTable as tf.Tensor2D));
  });
}

/** The float32 one-hot rows [N, rows] of int32 labels [N]. */
function oneHotRows(labels: tf.Tensor, rows: number): tf.Tensor2D {
  return tf.tidy(() => {
    const columns = tf.reshape(tf.range(0, rows, 1, 'int32'), [1, rows]);
    return tf.cast(tf.equal(tf.reshape(labels, [-1, 1]), columns), 'float32') as tf.Tensor2D;
  });
}
