import { linearCombination } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { diffusionAt, driftAt } from './coefficients.js';
import type { SdeSolver } from './solver.js';

/**
 * Rößler's SRA1, a stochastic Runge–Kutta method of strong order 1.5 for additive noise dx = f(t, x)dt + g(t)dW.
 *
 * @remarks
 * With ΔW and the space-time Lévy area H over the step (so that ∫ₜᵗ⁺ʰ (W(s) − W(t)) ds = h·(H + ½ΔW)):
 * f₁ = f(t, x); z = x + ¾h·f₁ + (3/2)·g(t + h) ⊙ (H + ½ΔW); f₂ = f(t + ¾h, z);
 * x₁ = x + h(⅓f₁ + ⅔f₂) + g(t + h) ⊙ ΔW + (g(t) − g(t + h)) ⊙ (H + ½ΔW).
 * Itô and Stratonovich coincide for additive noise. Two drift and two diffusion evaluations per step, f(t, x) and
 * g(t) read from the {@link StepStart}.
 *
 * @example
 * ```ts
 * const ou: Sde = { noise: 'additive', drift: (t, x) => tf.neg(x), diffusion: (t, x) => tf.onesLike(x) };
 * const { ys } = await sdeint(ou, y0, [0, 1], { method: 'srk', stepSize: 2 ** -6 });
 * ```
 * @see A. Rößler, "Runge–Kutta methods for the strong approximation of solutions of stochastic differential
 *   equations", SIAM J. Numer. Anal. 48(3), 2010 (SRA1).
 */
export const srk: SdeSolver = {
  name: 'srk',
  strongOrder: 1.5,
  kinds: ['ito', 'stratonovich'],
  noiseTypes: ['additive'],
  needsLevyArea: true,
  step(sde, t, x, h, { dW, levyArea }, start) {
    const next = tf.tidy(() => {
      const area = linearCombination(levyArea as tf.Tensor, [dW], [0.5]); // H + ½ΔW
      const gStart = start.diffusion();
      const gEnd = diffusionAt(sde, t + h, x);
      const f1 = start.drift();
      const z = linearCombination(x, [f1, tf.mul(gEnd, area)], [0.75 * h, 1.5]);
      const f2 = driftAt(sde, t + 0.75 * h, z);
      return linearCombination(
        x,
        [f1, f2, tf.mul(gEnd, dW), tf.mul(tf.sub(gStart, gEnd), area)],
        [h / 3, (2 * h) / 3, 1, 1],
      );
    });
    return { x: next, nfe: 2 };
  },
};
