import * as tf from '@tensorflow/tfjs';

/** Gradients after clipping, and the global norm they had before. */
export interface ClippedGradients {
  /** The clipped gradients, owned by the caller. */
  clipped: tf.Tensor[];
  /** The global L2 norm before clipping. */
  norm: number;
}

/**
 * Scales gradients so that their global L2 norm is at most `maxNorm` (unchanged when already below).
 *
 * @remarks
 * ‖g‖ = √(Σᵢ ‖gᵢ‖²) over all parameters; every gradient is multiplied by min(1, maxNorm/‖g‖), which keeps the
 * update's direction (Pascanu et al. 2013).
 *
 * @param gradients - The gradients; not disposed.
 * @param maxNorm - The largest allowed global norm.
 * @returns The clipped gradients (new tensors, owned by the caller) and the norm before clipping.
 * @example
 * ```ts
 * const { clipped, norm } = clipByGlobalNorm(grads, 1);
 * ```
 * @see Pascanu, Mikolov & Bengio, "On the difficulty of training recurrent neural networks", ICML 2013.
 */
export function clipByGlobalNorm(gradients: readonly tf.Tensor[], maxNorm: number): ClippedGradients {
  const norm = tf.tidy(() => tf.sqrt(tf.addN(gradients.map((g) => tf.sum(tf.square(g))))).dataSync()[0] as number);
  const scale = Number.isFinite(norm) && norm > maxNorm ? maxNorm / norm : 1;
  return { clipped: gradients.map((g) => tf.mul(g, scale)), norm };
}
