import { randomNormal, type Seed } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import type { DiffusionProcess, ScoreFunction } from '../processes/process.js';

/** One stochastic update of x_t to an earlier time s < t: x_s = mean + scale·z, z ~ N(0, I). */
export interface StochasticUpdate {
  /** The deterministic part, shaped like x_t. */
  mean: tf.Tensor;
  /** The noise scale, float64. */
  scale: number;
}

/** A predictor: the update of x_t from t to s < t. */
export type Predictor = (t: number, s: number, x: tf.Tensor) => StochasticUpdate;

/** The predictors of the `'pc'` sampler (`PREDICTOR_CORRECTOR`). */
export type PredictorName = 'reverse-diffusion' | 'euler-maruyama';

/** Every {@link PredictorName}, for validation. */
export const PREDICTOR_NAMES: readonly PredictorName[] = ['reverse-diffusion', 'euler-maruyama'];

/**
 * The Euler–Maruyama predictor on the reverse-time SDE: with h = t − s,
 * x_s = x_t − h·[f(t)·x_t − g(t)²·s(t, x_t)] + g(t)·√h·z.
 *
 * @param process - The process.
 * @param score - The score model.
 * @returns The predictor.
 * @example
 * ```ts
 * const { mean, scale } = eulerMaruyama(new VPSDE(), score)(1, 0.99, x);
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 */
export function eulerMaruyama(process: DiffusionProcess, score: ScoreFunction): Predictor {
  const reverse = process.reverse(score);
  return (t, s, x) => {
    const h = t - s;
    return {
      mean: tf.tidy(() => tf.sub(x, tf.mul(reverse.drift(t, x), h))),
      scale: process.diffusion(t) * Math.sqrt(h),
    };
  };
}

/**
 * The reverse-diffusion predictor of score_sde, with the forward process discretised by its exact transition:
 * x_t = a·x_s + G·z, a = α_t/α_s, G² = σ_t² − a²·σ_s², reversed as x_s = (2 − a)·x_t + G²·s(t, x_t) + G·z.
 *
 * @remarks
 * score_sde reverses x_{i+1} = x_i + f_i(x_i) + G_i·z as x_i = x_{i+1} − f_i + G_i²·s + G_i·z. Its VP
 * (f_i = (√(1 − β_i) − 1)·x) and VE (G_i² = σ_i² − σ_{i−1}²) discretisations are this transition to first order;
 * the exact transition serves every process alike (sub-VP included).
 *
 * @param process - The process.
 * @param score - The score model.
 * @returns The predictor.
 * @example
 * ```ts
 * const { mean, scale } = reverseDiffusion(new VESDE(), score)(1, 0.99, x);
 * ```
 * @see Song et al., "Score-Based Generative Modeling through Stochastic Differential Equations", ICLR 2021.
 */
export function reverseDiffusion(process: DiffusionProcess, score: ScoreFunction): Predictor {
  return (t, s, x) => {
    const { a, variance } = transition(process, t, s);
    return { mean: tf.tidy(() => tf.add(tf.mul(x, 2 - a), tf.mul(score(t, x), variance))), scale: Math.sqrt(variance) };
  };
}

/**
 * The forward transition from s to t > s: x_t | x_s ~ N(a·x_s, variance·I) with a = α_t/α_s and
 * variance = σ_t² − a²·σ_s² (clamped at 0 against rounding).
 *
 * @param process - The process.
 * @param t - The later time.
 * @param s - The earlier time.
 * @returns The coefficient a and the variance.
 * @example
 * ```ts
 * transition(new VESDE(), 0.5, 0.4).a; // 1
 * ```
 */
export function transition(process: DiffusionProcess, t: number, s: number): { a: number; variance: number } {
  const later = process.marginal(t);
  const earlier = process.marginal(s);
  const a = later.mean / earlier.mean;
  return { a, variance: Math.max(later.std ** 2 - (a * earlier.std) ** 2, 0) };
}

/**
 * Completes a stochastic update: mean + scale·z with z = `randomNormal(shape, seed)`, or the mean alone when
 * `denoise` is set (score_sde's `denoise` / `noise_removal` on the last step).
 *
 * @param update - The update; its mean is disposed unless returned.
 * @param seed - The seed of z.
 * @param denoise - Whether to drop the noise.
 * @returns x_s, owned by the caller.
 * @example
 * ```ts
 * const xs = applyUpdate(predictor(t, s, x), deriveSeed(seed, step), false);
 * ```
 */
export function applyUpdate(update: StochasticUpdate, seed: Seed, denoise: boolean): tf.Tensor {
  const { mean, scale } = update;
  if (denoise || scale === 0) return mean;
  return tf.tidy(() => {
    const noisy = tf.add(mean, tf.mul(randomNormal(mean.shape, seed), scale));
    mean.dispose();
    return noisy;
  });
}
