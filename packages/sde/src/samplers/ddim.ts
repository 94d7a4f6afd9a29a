import { deriveSeed, InvalidArgumentError, randomNormal } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import type { DiffusionProcess } from '../processes/process.js';
import type { DiffusionModel } from './model.js';
import { resolveSteps, type SamplerOptions, type SamplerResult, setUpSampling } from './options.js';
import { finiteSamples, iterate } from './step-loop.js';
import { uniformTimeGrid } from './time-grid.js';

/** Options of {@link ddimSampler}. */
export interface DdimSamplerOptions extends SamplerOptions {
  /** Number of steps on a uniform time grid from 1 to `tEnd` (default 50). */
  steps?: number;
  /** Stochasticity η in [0, 1]: 0 is deterministic DDIM, 1 the ancestral (DDPM-like) posterior (default 0). */
  eta?: number;
}

/**
 * Samples a diffusion model with DDIM, generic over any process's α_t and σ_t.
 *
 * @remarks
 * From t to s < t, with ε̂ = ε̂(t, x_t) and x̂_0 = (x_t − σ_t·ε̂)/α_t:
 *
 *   x_s = α_s·x̂_0 + √(σ_s² − σ̃²)·ε̂ + σ̃·z,  σ̃ = η·σ_s·√(1 − (α_t·σ_s / (α_s·σ_t))²).
 *
 * σ̃ with η = 1 is the standard deviation of the true posterior q(x_s | x_t, x_0) of the forward process, so
 * η = 1 gives ancestral sampling; η = 0 is the deterministic DDIM update, a first-order solver of the
 * probability-flow ODE (it is DPM-Solver-1 in data prediction). z = `randomNormal([N, D], deriveSeed(seed, k + 1))`
 * at step k + 1, drawn only when η > 0. One model evaluation per step; the grid is uniform in t.
 *
 * @param process - The diffusion process.
 * @param model - The model (see `options.prediction`).
 * @param options - Start (`n` and `dim`, or `xT`), `steps`, `eta`, `seed`, `prediction`, `tEnd`.
 * @returns The samples [N, D] (owned by the caller; `xT` is not disposed) and the number of model evaluations.
 * @throws `InvalidArgumentError` / `ShapeError` naming the offending argument (`options.eta`, `options.steps`,
 *   `options.n`, `model`, …), also a model that returns a Promise;
 *   `NumericalError` (`non-finite`) when the samples are not finite (checked once, at `tEnd`).
 * @example
 * ```ts
 * const { x } = await ddimSampler(new VPSDE(), epsModel, { n: 1000, dim: 2, steps: 50, prediction: 'noise' });
 * ```
 * @see Song, Meng & Ermon, "Denoising Diffusion Implicit Models", ICLR 2021.
 * @see Ho et al., "Denoising Diffusion Probabilistic Models", NeurIPS 2020.
 */
export async function ddimSampler(
  process: DiffusionProcess,
  model: DiffusionModel,
  options: DdimSamplerOptions = {},
): Promise<SamplerResult> {
  const steps = resolveSteps(options.steps, 50);
  const eta = options.eta ?? 0;
  if (typeof eta !== 'number' || !(eta >= 0 && eta <= 1)) {
    throw new InvalidArgumentError('options.eta', 'a number in [0, 1]', eta, '0 is DDIM, 1 is ancestral sampling.');
  }
  const setup = setUpSampling(process, model, options);
  const ts = uniformTimeGrid(steps, setup.tEnd);
  const x = iterate(setup.start, steps, (x, k) => {
    const t = ts[k] as number;
    const s = ts[k + 1] as number;
    const now = process.marginal(t);
    const next = process.marginal(s);
    const noiseStd = eta * next.std * Math.sqrt(Math.max(1 - ((now.mean * next.std) / (next.mean * now.std)) ** 2, 0));
    const onX = next.mean / now.mean;
    const onEpsilon = Math.sqrt(next.std ** 2 - noiseStd ** 2) - onX * now.std;
    const deterministic = tf.add(tf.mul(x, onX), tf.mul(setup.model.predict('noise', t, x), onEpsilon));
    if (noiseStd === 0) return deterministic;
    return tf.add(deterministic, tf.mul(randomNormal(x.shape, deriveSeed(setup.seed, k + 1)), noiseStd));
  });
  return { x: await finiteSamples(x, 'ddimSampler', setup.tEnd, setup.model.nfe), nfe: setup.model.nfe };
}
