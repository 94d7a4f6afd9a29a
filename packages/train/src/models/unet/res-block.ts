import * as tf from '@tensorflow/tfjs';
import { activate } from '../activations.js';
import { linear } from '../linear-layer.js';
import { paddedConv2d } from './conv.js';
import { groupNorm } from './group-norm.js';

/** The weights of one residual block (see {@link resBlock}); not disposed by it. */
export interface ResBlockWeights {
  readonly norm1Weight: tf.Tensor;
  readonly norm1Bias: tf.Tensor;
  /** 3×3 conv [3, 3, in, out] and bias [out]. */
  readonly conv1Kernel: tf.Tensor;
  readonly conv1Bias: tf.Tensor;
  /** The embedding projection: kernel [E, out], bias [out]. */
  readonly embKernel: tf.Tensor;
  readonly embBias: tf.Tensor;
  readonly norm2Weight: tf.Tensor;
  readonly norm2Bias: tf.Tensor;
  /** 3×3 conv [3, 3, out, out] and bias [out]. */
  readonly conv2Kernel: tf.Tensor;
  readonly conv2Bias: tf.Tensor;
  /** The 1×1 conv [1, 1, in, out] and bias of the shortcut, present only when in ≠ out. */
  readonly skipKernel?: tf.Tensor;
  readonly skipBias?: tf.Tensor;
}

/** What a res block needs besides its weights. */
export interface ResBlockContext {
  /** SiLU of the time (and class) embedding, [N, E]; not disposed. */
  readonly activatedEmbedding: tf.Tensor;
  /** GroupNorm groups. */
  readonly groups: number;
  /** Dropout probability; 0 (or no seed) for none. */
  readonly dropout: number;
  /** The seed of the dropout mask, or undefined outside training. */
  readonly dropoutSeed: number | undefined;
}

/**
 * A residual block conditioned on the embedding.
 *
 * @remarks
 * h = conv1(SiLU(GN₁(x))); h = h + (SiLU(emb)·W_emb + b_emb) broadcast over H and W;
 * h = conv2(dropout(SiLU(GN₂(h)))); the result is (in = out ? x : conv1×1(x)) + h. Convolutions are 3×3 with padding
 * 1 (see `paddedConv2d`). Dropout (inverted: kept values scaled by 1/(1 − p)) runs only with a seed.
 *
 * @param x - Feature maps [N, H, W, in]; not disposed.
 * @param weights - The block's weights.
 * @param context - The activated embedding, groups and dropout.
 * @returns [N, H, W, out], owned by the caller.
 * @example
 * ```ts
 * const y = resBlock(x, weights, { activatedEmbedding, groups: 8, dropout: 0, dropoutSeed: undefined });
 * ```
 */
export function resBlock(x: tf.Tensor, weights: ResBlockWeights, context: ResBlockContext): tf.Tensor {
  return tf.tidy(() => {
    const { groups, dropout, dropoutSeed } = context;
    const first = activate('silu', groupNorm(x, weights.norm1Weight, weights.norm1Bias, groups));
    let h = paddedConv2d(first, weights.conv1Kernel, weights.conv1Bias, 1);
    const shift = linear(context.activatedEmbedding, weights.embKernel, weights.embBias, true);
    h = tf.add(h, tf.reshape(shift, [shift.shape[0] as number, 1, 1, shift.shape[1] as number]));
    let second = activate('silu', groupNorm(h, weights.norm2Weight, weights.norm2Bias, groups));
    if (dropout > 0 && dropoutSeed !== undefined) second = tf.dropout(second, dropout, undefined, dropoutSeed);
    h = paddedConv2d(second, weights.conv2Kernel, weights.conv2Bias, 1);
    const shortcut =
      weights.skipKernel === undefined ? x : paddedConv2d(x, weights.skipKernel, weights.skipBias as tf.Tensor, 1);
    return tf.add(shortcut, h);
  });
}
