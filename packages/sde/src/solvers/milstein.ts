import { linearCombination } from '@gen/core';
import { tapeGradients } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { diffusionAt } from './coefficients.js';
import type { SdeSolver } from './solver.js';

/**
 * Milstein's method for diagonal (and additive) noise:
 * x₁ = x + f·h + g ⊙ ΔW + ½ g ⊙ ∂g/∂x ⊙ (ΔW² − |h|) for Itô SDEs (without the −|h| for Stratonovich).
 *
 * @remarks
 * Strong order 1. The diagonal derivative ∂gᵢ/∂xᵢ comes from one vector–Jacobian product of g with a vector of
 * ones, exact for diagonal noise (gᵢ depends on xᵢ only); additive noise needs no derivative. Backwards in time
 * (h < 0) the Itô correction uses E[ΔW²] = |h|. Two evaluations per step: f(t, x) from the {@link StepStart}, and
 * g(t, x) from it for additive noise or together with its derivative otherwise.
 *
 * @example
 * ```ts
 * const { ys } = await sdeint(gbm, y0, [0, 1], { method: 'milstein', stepSize: 2 ** -8 });
 * ```
 * @see Milstein 1974; Kloeden & Platen 1992, §10.3.
 */
export const milstein: SdeSolver = {
  name: 'milstein',
  strongOrder: 1,
  kinds: ['ito', 'stratonovich'],
  noiseTypes: ['diagonal', 'additive'],
  needsLevyArea: false,
  step(sde, t, x, h, { dW }, start) {
    const additive = sde.noise === 'additive';
    const next = tf.tidy(() => {
      const f = start.drift();
      if (additive) return linearCombination(x, [f, tf.mul(start.diffusion(), dW)], [h, 1]);
      const { value: g, grads } = tapeGradients(() => diffusionAt(sde, t, x), [x], tf.onesLike(x));
      const dg = grads[0] as tf.Tensor;
      const squared = sde.kind === 'stratonovich' ? tf.square(dW) : tf.sub(tf.square(dW), Math.abs(h));
      return linearCombination(x, [f, tf.mul(g, dW), tf.mul(tf.mul(g, dg), squared)], [h, 1, 0.5]);
    });
    return { x: next, nfe: additive ? 0 : 1 };
  },
};
