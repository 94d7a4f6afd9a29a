import * as tf from '@tensorflow/tfjs';
import { GEN_LINEAR_COMBINATION } from './linear-combination.js';

/**
 * The gradient of the {@link GEN_LINEAR_COMBINATION} kernel: ∂/∂base = dy and ∂/∂termᵢ = cᵢ·dy.
 *
 * @remarks
 * tfjs gradients are registered per kernel name, not per backend, so every backend that registers a fused
 * `GenLinearCombination` kernel registers this one config (once: check `tf.getGradient` first, since another backend
 * package may already have done it). The composite fallback of `linearCombination` needs no gradient of its own.
 *
 * @example
 * ```ts
 * if (tf.getGradient(GEN_LINEAR_COMBINATION) === undefined) tf.registerGradient(genLinearCombinationGradConfig);
 * ```
 */
export const genLinearCombinationGradConfig: tf.GradConfig = {
  kernelName: GEN_LINEAR_COMBINATION,
  inputsToSave: [],
  gradFunc: (dy, _saved, attrs) => {
    const g = dy as tf.Tensor;
    const { coefficients } = attrs as unknown as { coefficients: number[] };
    const grads: Record<string, () => tf.Tensor> = { base: () => tf.clone(g) };
    for (const [i, c] of coefficients.entries()) grads[`term${i}`] = () => tf.mul(g, c);
    return grads;
  },
};
