import { deriveSeed, randomNormal, type Seed } from '@gen/core';
import { assertInteger, assertOneOf, assertPositive } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { DiffusionProcess, ScoreFunction } from '../processes/process.js';
import type { DiffusionModel } from './model.js';
import { resolveFlag, resolveSteps, type SamplerOptions, type SamplerResult, setUpSampling } from './options.js';
import {
  applyUpdate,
  eulerMaruyama,
  PREDICTOR_NAMES,
  type PredictorName,
  reverseDiffusion,
  transition,
} from './predictors.js';
import { finiteSamples, iterate } from './step-loop.js';
import { uniformTimeGrid } from './time-grid.js';

/** Options of {@link predictorCorrectorSampler}. */
export interface PredictorCorrectorSamplerOptions extends SamplerOptions {
  /** Number of predictor steps on a uniform time grid from 1 to `tEnd` (default 1000). */
  steps?: number;
  /** The predictor (default `'reverse-diffusion'`). */
  predictor?: PredictorName;
  /** The Langevin corrector's signal-to-noise ratio r, > 0 (default 0.16). */
  snr?: number;
  /** Langevin corrector steps before each predictor step, ≥ 0 (default 1; 0 gives the predictor alone). */
  correctorSteps?: number;
  /** Drop the noise of the last predictor step (score_sde's `denoise`; default true). */
  denoise?: boolean;
}

/**
 * Samples a diffusion model with score_sde's predictor–corrector scheme: at each grid time, `correctorSteps`
 * Langevin MCMC steps at fixed t, then one predictor step to the next time.
 *
 * @remarks
 * On the uniform grid 1 = t_0 > … > t_K = tEnd, step k + 1 runs at t = t_k, s = t_{k+1}:
 *
 * - Corrector j (Langevin, step size from the snr rule of score_sde): with g = s(t, x) and z ~ N(0, I),
 *   ε = 2·a²·(r·mean‖z_n‖ / mean‖g_n‖)² (means over the samples n, a = α_t/α_s, which is 1 for VE and
 *   ≈ √(1 − β) for VP as in score_sde), x ← x + ε·g + √(2ε)·z with z = `randomNormal([N, D],
 *   deriveSeed(seed, k + 1, j + 1))`.
 * - Predictor: `'reverse-diffusion'` (the exact forward transition reversed, as score_sde's ReverseDiffusionPredictor) or
 *   `'euler-maruyama'` on the reverse SDE, with noise `randomNormal([N, D], deriveSeed(seed, k + 1))`.
 *
 * With `denoise` the last predictor step adds no noise. Model evaluations: K·(1 + correctorSteps). Every update
 * runs in `tf.tidy`.
 *
 * @param process - The diffusion process.
 * @param model - The model (see `options.prediction`).
 * @param options - Start (`n` and `dim`, or `xT`), `steps`, `predictor`, `snr`, `correctorSteps`, `seed`,
 *   `prediction`, `tEnd`, `denoise`.
 * @returns The samples [N, D] (owned by the caller; `xT` is not disposed) and the number of model evaluations.
 * @throws `InvalidArgumentError` / `ShapeError` naming the offending argument (`options.snr`,
 *   `options.correctorSteps`, `options.predictor`, `options.steps`, `options.n`,
 *   `model`, …), also a model that returns a Promise;
 *   `NumericalError` (`non-finite`) when the samples are not finite (checked once, at `tEnd`).
 * @example
 * ```ts
 * const { x } = await predictorCorrectorSampler(new VESDE(), scoreModel, { n: 1000, dim: 2, steps: 500, snr: 0.16 });
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 */
export async function predictorCorrectorSampler(
  process: DiffusionProcess,
  model: DiffusionModel,
  options: PredictorCorrectorSamplerOptions = {},
): Promise<SamplerResult> {
  const steps = resolveSteps(options.steps, 1000);
  const predictorName = assertOneOf('options.predictor', options.predictor ?? 'reverse-diffusion', PREDICTOR_NAMES);
  const snr = assertPositive('options.snr', options.snr ?? 0.16);
  const correctorSteps = assertInteger('options.correctorSteps', options.correctorSteps ?? 1);
  const denoise = resolveFlag('options.denoise', options.denoise, true);
  const setup = setUpSampling(process, model, options);
  const score = setup.model.score();
  const predictor = (predictorName === 'euler-maruyama' ? eulerMaruyama : reverseDiffusion)(process, score);
  const ts = uniformTimeGrid(steps, setup.tEnd);
  const x = iterate(setup.start, steps, (x, k) => {
    const t = ts[k] as number;
    const s = ts[k + 1] as number;
    const stepScale = 2 * transition(process, t, s).a ** 2 * snr ** 2;
    let corrected = x;
    for (let j = 0; j < correctorSteps; j += 1) {
      corrected = langevinStep(score, t, corrected, stepScale, deriveSeed(setup.seed, k + 1, j + 1));
    }
    return applyUpdate(predictor(t, s, corrected), deriveSeed(setup.seed, k + 1), denoise && k === steps - 1);
  });
  return { x: await finiteSamples(x, 'predictorCorrectorSampler', setup.tEnd, setup.model.nfe), nfe: setup.model.nfe };
}

/**
 * One Langevin step x + ε·g + √(2ε)·z with ε = stepScale·(mean‖z_n‖ / mean‖g_n‖)², computed on the device.
 * Intermediates are left to the caller's `tf.tidy`.
 */
function langevinStep(score: ScoreFunction, t: number, x: tf.Tensor, stepScale: number, seed: Seed): tf.Tensor {
  const grad = score(t, x);
  const noise = randomNormal(x.shape, seed);
  const ratio = tf.div(tf.mean(tf.norm(noise, 'euclidean', 1)), tf.mean(tf.norm(grad, 'euclidean', 1)));
  const stepSize = tf.mul(tf.square(ratio), stepScale);
  return tf.add(tf.add(x, tf.mul(grad, stepSize)), tf.mul(noise, tf.sqrt(tf.mul(stepSize, 2))));
}
