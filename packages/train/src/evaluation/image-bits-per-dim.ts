import { deriveSeed, InvalidArgumentError, natsToBitsPerDim, type Seed, type VectorField } from '@gen/core';
import { assertInteger } from '@gen/core/internal';
import { type LogProbOptions, logProb } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/image-dataset.js';
import { flatImageField, imageDataView } from './image-helpers.js';

/** Options of {@link imageBitsPerDim}. */
export interface ImageBitsPerDimOptions extends Omit<LogProbOptions, 'prior' | 'seed' | 'event' | 'onStep'> {
  /**
   * `'hutchinson'` (default above D = 16: one Rademacher probe per image, fixed for its solve) or `'exact'`
   * (D vector–Jacobian products per evaluation: exact, and D times the cost; the default up to D = 16).
   */
  divergence?: 'exact' | 'hutchinson';
  /** Seed of the dequantisation noise and of the Hutchinson probes (default 0). */
  seed?: Seed;
  /** Images per likelihood solve (default 100): bounds the memory, O(batchSize·D) floats at a time. */
  batchSize?: number;
  /** How many images of the data set to score, the first ones in its order (default all). */
  images?: number;
}

/** What {@link imageBitsPerDim} measures. */
export interface ImageBitsPerDim {
  /** The mean negative log-likelihood of the 8-bit images in bits per dimension. */
  bitsPerDim: number;
  /** The standard error of that mean over the images (dequantisation and Hutchinson noise included). */
  standardError: number;
  /** The number of images scored. */
  images: number;
  /** Field evaluations of all the likelihood solves together. */
  nfe: number;
}

/**
 * The bits per dimension of 8-bit images under a flow (or probability-flow) model trained on images scaled to
 * [−1, 1], with uniform dequantisation: the number likelihood papers report for image models.
 *
 * @remarks
 * An image has pixel levels x ∈ {0, …, 255}^D. It is dequantised, u = (x + U)/256 with U ~ U[0, 1)^D, so u ∈ [0, 1)
 * (a bin of width 1/256 per level), and mapped to the model's space y = 2u − 1 ∈ [−1, 1), where `logProb` integrates
 * the instantaneous change of variables to the N(0, I) prior, giving log p(y). Then log p(u) = log p(y) + D·ln 2 (the
 * Jacobian of y = 2u − 1), and since the density of u over a bin of volume 256^−D bounds the probability of its
 * level from below (Theis et al. 2016), −log P(x) ≤ −log p(u) + D·ln 256 in expectation over U, so
 *
 *   bits/dim = −(log p(u) − D·ln 256)/(D·ln 2) = −log p(y)/(D·ln 2) + 7.
 *
 * This is FFJORD's `bits_per_dim = −(logpx_per_dim − log 256)/log 2` on data dequantised as (255·x + U)/256 in
 * [0, 1] (`train_cnf.py`), and score_sde's `bpd = −(prior_logp + delta_logp)/(N·ln 2) + 7 − inverse_scaler(−1)`
 * for centred data, where `inverse_scaler(−1) = 0` (`likelihood.py`): both give the same offset of 7 bits for data
 * in [−1, 1]. The model must be trained on 2ℓ/255 − 1 or 2(ℓ + U)/256 − 1 (as `imageDataset` scales); the score
 * is of the dequantised (continuous) density.
 *
 * Images are scored in order, `batchSize` at a time: batch b holds images b·batchSize … and is dequantised exactly as
 * `imageDataset(levels, shape, { dequantize: true }).slice(start, end, deriveSeed(seed, 0, b))` does (so it can be
 * reproduced), with Hutchinson probes from `deriveSeed(seed, 1, b)`. The per-image values are summed in float64.
 * A class-conditional model is called as `model(t, x)`, its unconditional field.
 *
 * @param model - The image field u(t, x) on [N, H, W, C] (t = 0 data, t = 1 prior); called, not disposed.
 * @param data - Held-out images with integer pixel levels (e.g. `mnistDataset({ split: 'test' })`).
 * @param options - Divergence, probes, seed, batch size, image count, solver settings (default dopri5 at
 *   rtol = atol = 1e-5) and `timeSpan` (default [0, 1]).
 * @returns The mean bits/dim, its standard error, the image count and the NFE; no tensors are retained.
 * @throws `InvalidArgumentError` naming `model`, `data`, `data.levels` (levels that are not integers 0–255),
 *   `options.batchSize`, `options.images` or another option; `NumericalError` when a solve fails.
 * @example
 * ```ts
 * const test = await mnistDataset({ split: 'test' });
 * const { bitsPerDim } = await imageBitsPerDim(model, test, { images: 100 });
 * ```
 * @see Grathwohl et al. 2019 (FFJORD); Song et al. 2021, "Score-Based Generative Modeling through Stochastic
 *   Differential Equations", appendix D; Theis et al. 2016, "A note on the evaluation of generative models".
 */
export async function imageBitsPerDim(
  model: VectorField,
  data: ImageDataset,
  options: ImageBitsPerDimOptions = {},
): Promise<ImageBitsPerDim> {
  if (typeof model !== 'function') throw new InvalidArgumentError('model', 'a vector field (a function)', model);
  const dequantised = imageDataView(data, true);
  const { seed = 0, batchSize = 100, images = dequantised.size, ...rest } = options;
  assertInteger('options.seed', seed);
  assertInteger('options.batchSize', batchSize, 1);
  if (assertInteger('options.images', images, 1) > dequantised.size) {
    throw new InvalidArgumentError('options.images', `at most the ${dequantised.size} images of data`, images);
  }
  const [h, w, c] = dequantised.shape;
  const d = h * w * c;
  const divergence = rest.divergence ?? (d <= 16 ? 'exact' : 'hutchinson');
  const solver = { rtol: 1e-5, atol: 1e-5, ...rest, divergence };
  const flat = flatImageField(model, dequantised.shape);
  let sum = 0;
  let sumOfSquares = 0;
  let nfe = 0;
  for (let b = 0, start = 0; start < images; b += 1, start += batchSize) {
    const end = Math.min(start + batchSize, images);
    const { x, labels } = dequantised.slice(start, end, deriveSeed(seed, 0, b));
    labels?.dispose();
    const y = tf.tidy(() => tf.reshape(x, [end - start, d]));
    x.dispose();
    const result = await logProb(flat, y, { ...solver, seed: deriveSeed(seed, 1, b) }).finally(() => y.dispose());
    const logp = (await result.logp.data()) as Float32Array;
    tf.dispose([result.logp, result.z]);
    nfe += result.stats.nfe;
    for (const value of logp) {
      // −log p(u) + D·ln 256 = −log p(y) − D·ln 2 + D·ln 256 = −log p(y) + D·ln 128 nats.
      const bits = natsToBitsPerDim(-value + d * Math.log(128), d);
      sum += bits;
      sumOfSquares += bits * bits;
    }
  }
  const mean = sum / images;
  const variance = images > 1 ? Math.max(sumOfSquares - images * mean * mean, 0) / (images - 1) : 0;
  return { bitsPerDim: mean, standardError: Math.sqrt(variance / images), images, nfe };
}
