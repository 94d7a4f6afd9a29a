import { linearCombination } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { applyDiffusion } from '../noise.js';
import { diffusionAt, driftAt } from './coefficients.js';
import type { SdeSolver } from './solver.js';

/**
 * Stochastic Heun (the trapezoidal predictor–corrector) for Stratonovich SDEs:
 * x̃ = x + f(t, x)·h + g(t, x)·ΔW, x₁ = x + ½(f(t, x) + f(t + h, x̃))·h + ½(g(t, x) + g(t + h, x̃))·ΔW.
 *
 * @remarks
 * Converges to the Stratonovich solution; strong order 1 for commutative noise (diagonal, scalar, additive),
 * 0.5 for general noise. Four evaluations per step, two of them at the start (read from the {@link StepStart}).
 *
 * @example
 * ```ts
 * const { ys } = await sdeint({ ...sde, kind: 'stratonovich' }, y0, [0, 1], { method: 'heun', stepSize: 1e-2 });
 * ```
 * @see Rümelin 1982, Numerical treatment of stochastic differential equations; torchsde's Heun.
 */
export const stochasticHeun: SdeSolver = {
  name: 'heun',
  strongOrder: 1,
  kinds: ['stratonovich'],
  noiseTypes: ['diagonal', 'scalar', 'additive', 'general'],
  needsLevyArea: false,
  step(sde, t, x, h, { dW }, start) {
    const next = tf.tidy(() => {
      const f0 = start.drift();
      const noise0 = applyDiffusion(sde.noise, start.diffusion(), dW);
      const predicted = linearCombination(x, [f0, noise0], [h, 1]);
      const f1 = driftAt(sde, t + h, predicted);
      const noise1 = applyDiffusion(sde.noise, diffusionAt(sde, t + h, predicted), dW);
      return linearCombination(x, [f0, f1, noise0, noise1], [h / 2, h / 2, 0.5, 0.5]);
    });
    return { x: next, nfe: 2 };
  },
};
