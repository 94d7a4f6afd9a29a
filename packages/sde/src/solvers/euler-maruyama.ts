import { linearCombination } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { applyDiffusion } from '../noise.js';
import type { SdeSolver } from './solver.js';

/**
 * Euler–Maruyama: x₁ = x + f(t, x)·h + g(t, x)·ΔW.
 *
 * @remarks
 * Itô SDEs, every noise type; strong order 0.5 (1 for additive noise), weak order 1. Two evaluations per step
 * (drift and diffusion, both at the start, read from the {@link StepStart}).
 *
 * @example
 * ```ts
 * const { ys } = await sdeint(sde, y0, [0, 1], { method: 'euler', stepSize: 1e-3 });
 * ```
 * @see Kloeden & Platen, Numerical Solution of Stochastic Differential Equations, 1992, §10.2.
 */
export const eulerMaruyama: SdeSolver = {
  name: 'euler',
  strongOrder: 0.5,
  kinds: ['ito'],
  noiseTypes: ['diagonal', 'scalar', 'additive', 'general'],
  needsLevyArea: false,
  step(sde, _t, x, h, { dW }, start) {
    const next = tf.tidy(() => {
      const noiseTerm = applyDiffusion(sde.noise, start.diffusion(), dW);
      return linearCombination(x, [start.drift(), noiseTerm], [h, 1]);
    });
    return { x: next, nfe: 0 };
  },
};
