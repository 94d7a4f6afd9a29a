import * as tf from '@tensorflow/tfjs';
import { linear } from '../linear-layer.js';
import { groupNorm } from './group-norm.js';

/** The weights of one self-attention layer (see {@link selfAttention}); not disposed by it. */
export interface AttentionWeights {
  /** GroupNorm γ and β [C]. */
  readonly normWeight: tf.Tensor;
  readonly normBias: tf.Tensor;
  /** The query/key/value projection: kernel [C, 3C], bias [3C]. */
  readonly qkvKernel: tf.Tensor;
  readonly qkvBias: tf.Tensor;
  /** The output projection: kernel [C, C], bias [C]. */
  readonly projKernel: tf.Tensor;
  readonly projBias: tf.Tensor;
}

/**
 * The attention weights softmax(q·kᵀ/√d) of every head: row p is how position p distributes over the positions.
 *
 * @param q - Queries [N, heads, P, d]; not disposed.
 * @param k - Keys [N, heads, P, d]; not disposed.
 * @returns [N, heads, P, P], each row a probability vector (non-negative, summing to 1), owned by the caller.
 * @example
 * ```ts
 * const weights = attentionWeights(q, k); // weights.sum(-1) is all ones
 * ```
 */
export function attentionWeights(q: tf.Tensor, k: tf.Tensor): tf.Tensor {
  const d = q.shape[3] as number;
  return tf.tidy(() =>
    tf.softmax(tf.mul(tf.matMul(q as tf.Tensor4D, k as tf.Tensor4D, false, true), 1 / Math.sqrt(d))),
  );
}

/**
 * A residual multi-head self-attention layer over the H·W positions of NHWC feature maps.
 *
 * @remarks
 * h = GroupNorm(x); [q, k, v] = h·W_qkv + b_qkv per position, split along the 3C outputs in that order (q the
 * first C, k the next C, v the last C); head j (of `heads`, d = C/heads) takes channels j·d … (j + 1)·d − 1 of each;
 * per head, out = softmax(q·kᵀ/√d)·v over the P = H·W positions (row-major, p = y·W + x); the heads are
 * concatenated back in order to C channels; the result is x + out·W_proj + b_proj.
 *
 * @param x - Feature maps [N, H, W, C]; not disposed.
 * @param weights - The layer's weights.
 * @param heads - Number of heads, dividing C.
 * @param groups - GroupNorm groups, dividing C.
 * @returns [N, H, W, C], owned by the caller.
 * @example
 * ```ts
 * const y = selfAttention(x, weights, 1, 8);
 * ```
 * @see A. Vaswani et al., "Attention Is All You Need", NeurIPS 2017.
 */
export function selfAttention(x: tf.Tensor, weights: AttentionWeights, heads: number, groups: number): tf.Tensor {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const d = c / heads;
    const positions = h * w;
    const normalised = tf.reshape(groupNorm(x, weights.normWeight, weights.normBias, groups), [n * positions, c]);
    const qkv = linear(normalised, weights.qkvKernel, weights.qkvBias, true);
    const [q, k, v] = tf
      .split(qkv, 3, 1)
      .map((part) => tf.transpose(tf.reshape(part, [n, positions, heads, d]), [0, 2, 1, 3])) as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    const attended = tf.matMul(attentionWeights(q, k) as tf.Tensor4D, v as tf.Tensor4D);
    const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [n * positions, c]);
    const out = linear(merged, weights.projKernel, weights.projBias, true);
    return tf.add(x, tf.reshape(out, [n, h, w, c]));
  });
}
