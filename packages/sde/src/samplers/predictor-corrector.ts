import { deriveSeed, randomNormal, type Seed } from '@gen/core';
import { assertInteger, assertOneOf, assertPositive } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { ScoreFunction } from '../processes/process.js';
import type { DiffusionSampler } from './diffusion-sampler.js';
import { ModelAdapter } from './model.js';
import { diffusionSpan, resolveFlag } from './options.js';
import {
  applyUpdate,
  eulerMaruyama,
  PREDICTOR_NAMES,
  type PredictorName,
  reverseDiffusion,
  transition,
} from './predictors.js';
import { finishedSamples, iterate } from './step-loop.js';
import { uniformTimeGrid } from './time-grid.js';

/** The settings of {@link PREDICTOR_CORRECTOR} (`sample`'s `options.settings`). */
export interface PredictorCorrectorSettings {
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
 * `'pc'`: score_sde's predictor–corrector scheme (default 1000 steps): at each grid time, `correctorSteps`
 * Langevin MCMC steps at fixed t, then one predictor step to the next time.
 *
 * @remarks
 * On the uniform grid t1 = s_0 > … > s_K = t0, step k + 1 runs at t = s_k, s = s_{k+1}:
 *
 * - Corrector j (Langevin, step size from the snr rule of score_sde): with g = s(t, x) and z ~ N(0, I),
 *   ε = 2·a²·(r·mean‖z_n‖ / mean‖g_n‖)² (norms per sample over all its entries, means over the samples n,
 *   a = α_t/α_s, which is 1 for VE and ≈ √(1 − β) for VP as in score_sde), x ← x + ε·g + √(2ε)·z with
 *   z = `randomNormal(x.shape, deriveSeed(seed, k + 1, j + 1))`.
 * - Predictor: `'reverse-diffusion'` (the exact forward transition reversed, as score_sde's ReverseDiffusionPredictor)
 *   or `'euler-maruyama'` on the reverse SDE, with noise `randomNormal(x.shape, deriveSeed(seed, k + 1))`.
 *
 * With `denoise` the last predictor step adds no noise. Model evaluations: K·(1 + correctorSteps). Every update
 * runs in `tf.tidy`; the samples are checked finite once. Settings: {@link PredictorCorrectorSettings}.
 *
 * @example
 * ```ts
 * const problem = diffusionProblem(new VESDE(), scoreModel, { tEnd: 1e-5 });
 * const { x } = await sample(problem, z, { method: 'pc', steps: 500, settings: { snr: 0.16 } });
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 */
export const PREDICTOR_CORRECTOR: DiffusionSampler = {
  name: 'pc',
  description: 'predictor–corrector (Langevin corrector)',
  adaptive: false,
  stochastic: true,
  needsDiffusion: true,
  defaults: { steps: 1000 },
  settings: ['predictor', 'snr', 'correctorSteps', 'denoise'],
  async sample(problem, z, { timeSpan, steps, seed, settings }) {
    const predictorName = assertOneOf(
      'options.settings.predictor',
      settings.predictor ?? 'reverse-diffusion',
      PREDICTOR_NAMES,
    );
    const snr = assertPositive('options.settings.snr', settings.snr ?? 0.16);
    const correctorSteps = assertInteger('options.settings.correctorSteps', settings.correctorSteps ?? 1);
    const denoise = resolveFlag('options.settings.denoise', settings.denoise, true);
    const span = diffusionSpan(timeSpan);
    const { process } = problem;
    const model = new ModelAdapter(process, problem.model, problem.prediction);
    const score = model.score();
    const predictor = (predictorName === 'euler-maruyama' ? eulerMaruyama : reverseDiffusion)(process, score);
    const ts = uniformTimeGrid(steps, span);
    const x = iterate(z, steps, (x, k) => {
      const t = ts[k] as number;
      const s = ts[k + 1] as number;
      const stepScale = 2 * transition(process, t, s).a ** 2 * snr ** 2;
      let corrected = x;
      for (let j = 0; j < correctorSteps; j += 1) {
        corrected = langevinStep(score, t, corrected, stepScale, deriveSeed(seed, k + 1, j + 1));
      }
      return applyUpdate(predictor(t, s, corrected), deriveSeed(seed, k + 1), denoise && k === steps - 1);
    });
    return finishedSamples(x, 'pc', span[0], model.nfe, steps);
  },
};

/**
 * One Langevin step x + ε·g + √(2ε)·z with ε = stepScale·(mean‖z_n‖ / mean‖g_n‖)², computed on the device; the
 * norms run over every entry of a sample, whatever its shape. Intermediates are left to the caller's `tf.tidy`.
 */
function langevinStep(score: ScoreFunction, t: number, x: tf.Tensor, stepScale: number, seed: Seed): tf.Tensor {
  const grad = score(t, x);
  const noise = randomNormal(x.shape, seed);
  const perSample = (v: tf.Tensor) => tf.mean(tf.norm(tf.reshape(v, [v.shape[0] as number, -1]), 'euclidean', 1));
  const ratio = tf.div(perSample(noise), perSample(grad));
  const stepSize = tf.mul(tf.square(ratio), stepScale);
  return tf.add(tf.add(x, tf.mul(grad, stepSize)), tf.mul(noise, tf.sqrt(tf.mul(stepSize, 2))));
}
