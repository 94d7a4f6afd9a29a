import { deriveSeed, InvalidArgumentError, randomNormal } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import type { DiffusionSampler } from './diffusion-sampler.js';
import { ModelAdapter } from './model.js';
import { diffusionSpan } from './options.js';
import { finishedSamples, iterate } from './step-loop.js';
import { uniformTimeGrid } from './time-grid.js';

/** The settings of {@link DDIM} (`sample`'s `options.settings`). */
export interface DdimSettings {
  /** Stochasticity η in [0, 1]: 0 is deterministic DDIM, 1 the ancestral (DDPM-like) posterior (default 0). */
  eta?: number;
}

/**
 * `'ddim'`: DDIM, generic over any process's α_t and σ_t (default 50 steps).
 *
 * @remarks
 * From t to s < t, with ε̂ = ε̂(t, x_t) and x̂_0 = (x_t − σ_t·ε̂)/α_t:
 *
 *   x_s = α_s·x̂_0 + √(σ_s² − σ̃²)·ε̂ + σ̃·z,  σ̃ = η·σ_s·√(1 − (α_t·σ_s / (α_s·σ_t))²).
 *
 * σ̃ with η = 1 is the standard deviation of the true posterior q(x_s | x_t, x_0) of the forward process, so
 * η = 1 gives ancestral sampling; η = 0 is the deterministic DDIM update, a first-order solver of the
 * probability-flow ODE (it is DPM-Solver-1 in data prediction). z = `randomNormal(x.shape, deriveSeed(seed, k + 1))`
 * at step k + 1, drawn only when η > 0. One model evaluation per step; the grid is uniform in t; the samples are
 * checked finite once. Settings: {@link DdimSettings}.
 *
 * @example
 * ```ts
 * const problem = diffusionProblem(new VPSDE(), epsModel, { prediction: 'noise' });
 * const { x } = await sample(problem, z, { method: 'ddim', steps: 50, settings: { eta: 0 } });
 * ```
 * @see Song, Meng & Ermon, "Denoising Diffusion Implicit Models", ICLR 2021.
 * @see Ho et al., "Denoising Diffusion Probabilistic Models", NeurIPS 2020.
 */
export const DDIM: DiffusionSampler = {
  name: 'ddim',
  description: 'DDIM (η = 0 deterministic, η = 1 ancestral)',
  adaptive: false,
  stochastic: true,
  needsDiffusion: true,
  defaults: { steps: 50 },
  settings: ['eta'],
  async sample(problem, z, { timeSpan, steps, seed, settings }) {
    const eta = settings.eta ?? 0;
    if (typeof eta !== 'number' || !(eta >= 0 && eta <= 1)) {
      throw new InvalidArgumentError(
        'options.settings.eta',
        'a number in [0, 1]',
        eta,
        '0 is DDIM, 1 is ancestral sampling.',
      );
    }
    const span = diffusionSpan(timeSpan);
    const { process } = problem;
    const model = new ModelAdapter(process, problem.model, problem.prediction);
    const ts = uniformTimeGrid(steps, span);
    const x = iterate(z, steps, (x, k) => {
      const t = ts[k] as number;
      const s = ts[k + 1] as number;
      const now = process.marginal(t);
      const next = process.marginal(s);
      const noiseStd =
        eta * next.std * Math.sqrt(Math.max(1 - ((now.mean * next.std) / (next.mean * now.std)) ** 2, 0));
      const onX = next.mean / now.mean;
      const onEpsilon = Math.sqrt(next.std ** 2 - noiseStd ** 2) - onX * now.std;
      const deterministic = tf.add(tf.mul(x, onX), tf.mul(model.predict('noise', t, x), onEpsilon));
      if (noiseStd === 0) return deterministic;
      return tf.add(deterministic, tf.mul(randomNormal(x.shape, deriveSeed(seed, k + 1)), noiseStd));
    });
    return finishedSamples(x, 'ddim', span[0], model.nfe, steps);
  },
};
