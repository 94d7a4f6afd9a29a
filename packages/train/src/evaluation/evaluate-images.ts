import {
  deriveSeed,
  GaussianMoments,
  gaussianFrechetDistance,
  InvalidArgumentError,
  type Seed,
  ShapeError,
  StandardNormal,
  type VectorField,
} from '@gen/core';
import { assertInteger } from '@gen/core/internal';
import { type SampleOptions, sample } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import {
  MNIST_CLASSES,
  MNIST_FEATURES,
  type MnistClassifier,
  mnistClassifier,
} from '../classifier/mnist-classifier.js';
import { conditionalField } from '../conditioning/conditional-field.js';
import type { ImageDataset } from '../data/image-dataset.js';
import type { TrainableField } from '../types.js';
import { type ImageBitsPerDimOptions, imageBitsPerDim } from './image-bits-per-dim.js';
import { imageDataView } from './image-helpers.js';

/**
 * What {@link evaluateImages} needs of a model: an image field u(t, x) on [N, H, W, C], and for class-conditional
 * models the number of classes and the per-sample evaluation with labels (gen's `TrainableField` is one).
 */
export type ImageModel = VectorField & Partial<Pick<TrainableField, 'classes' | 'forwardTimes'>>;

/** Options of {@link evaluateImages}. */
export interface EvaluateImagesOptions {
  /** Model samples to draw for the classifier scores (default 1 000; at least 2). */
  samples?: number;
  /** Images per sampling solve and per classifier pass (default 100): bounds the memory. */
  batchSize?: number;
  /** Seed of the prior draws (default 0). */
  seed?: Seed;
  /** How `sample` of `@gen/ode` draws the images (default dopri5 at rtol = atol = 1e-5, as `evaluate`). */
  solver?: Omit<SampleOptions, 'timeSpan' | 'seed' | 'prior' | 'settings'>;
  /** The flow's time span [t0, t1] (default [0, 1]): samples are integrated from t1 (prior) to t0 (data). */
  timeSpan?: readonly [number, number];
  /**
   * The bits/dim of `data` ({@link imageBitsPerDim}'s options; its `timeSpan` defaults to this one), or `false` to
   * skip it (default: computed with the defaults, which takes one Hutchinson likelihood solve per 100 images).
   */
  likelihood?: false | ImageBitsPerDimOptions;
  /** The feature extractor (default the shipped `mnistClassifier()`, created and disposed here); not disposed. */
  classifier?: MnistClassifier;
}

/** The scores {@link evaluateImages} returns. */
export interface ImageEvaluationReport {
  /** Bits/dim of the held-out images (unless `likelihood: false`). */
  bitsPerDim?: number;
  /** Its standard error over the images. */
  bitsPerDimStandardError?: number;
  /** Field evaluations of the likelihood solves. */
  likelihoodNfe?: number;
  /**
   * The fraction of class-conditional samples the classifier assigns to the label they were drawn for (sample i is
   * drawn for label i mod 10); only for class-conditional models (`model.classes` = 10).
   */
  classifierAccuracy?: number;
  /** The Fréchet distance between the classifier's penultimate features of the samples and of the data (d², ≥ 0). */
  frechetDistance: number;
  /** The number of samples drawn. */
  samples: number;
  /** Field evaluations of all the sampling solves. */
  sampleNfe: number;
}

/**
 * Scores an image model on held-out MNIST-like digits: bits/dim of the data, and two sample-quality scores from the
 * shipped MNIST classifier — its accuracy on class-conditional samples and the Fréchet distance of its features.
 *
 * @remarks
 * - Bits/dim: {@link imageBitsPerDim} (uniform dequantisation, the [−1, 1] offset; Hutchinson at D = 784).
 * - Samples: `samples` images drawn in batches of `batchSize`: batch b starts from N(0, I) noise seeded by
 *   `deriveSeed(seed, 2, b)` and is integrated from t1 to t0 by `sample` with `solver`. A class-conditional model
 *   (`classes` = 10) is sampled through `forwardTimes(t, x, labels)` with sample i drawn for label i mod 10 (so the
 *   classes are balanced); an unconditional one through `model(t, x)`.
 * - Classifier accuracy: the fraction of conditional samples whose predicted digit is their label (chance 0.1).
 * - Fréchet distance: FID's formula on the classifier's 64 penultimate features ({@link MnistClassifier.features}):
 *   Gaussians fitted in float64 (`GaussianMoments`, unbiased covariance) to the features of the samples and of
 *   every image of `data` (not dequantised), compared by `gaussianFrechetDistance`. Like FID it is biased upward
 *   at small sample sizes: compare models at equal `samples`.
 *
 * Memory is bounded by the batch: O(batchSize·D) floats of tensors at a time plus 64×64 float64 moments on the
 * host; every tensor made along the way is disposed, on success and on failure.
 *
 * @param model - The image field on [N, 28, 28, 1] (t = 0 data, t = 1 prior); called, not disposed.
 * @param data - Held-out 28×28×1 images with integer levels, e.g. `mnistDataset({ split: 'test' })`.
 * @param options - Sample count, batch size, seed, solver, time span, likelihood options, classifier.
 * @returns The scores; no tensors are retained.
 * @throws `InvalidArgumentError` naming `model`, `model.classes` (a conditional model without 10 classes or without
 *   `forwardTimes`), `data`, `data.levels`, `options.samples`, `options.batchSize` or `options.seed`; `ShapeError`
 *   naming `data` when its images are not [28, 28, 1]; `NumericalError` when a solve fails.
 * @example
 * ```ts
 * const test = await mnistDataset({ split: 'test' });
 * const report = await evaluateImages(model, test, { samples: 500, likelihood: { images: 100 } });
 * console.log(report.bitsPerDim, report.classifierAccuracy, report.frechetDistance);
 * ```
 * @see Heusel et al. 2017 (FID); Grathwohl et al. 2019 (FFJORD) and Song et al. 2021 (score_sde) for bits/dim.
 */
export async function evaluateImages(
  model: ImageModel,
  data: ImageDataset,
  options: EvaluateImagesOptions = {},
): Promise<ImageEvaluationReport> {
  if (typeof model !== 'function') throw new InvalidArgumentError('model', 'an image field (a function)', model);
  const images = imageDataView(data, false);
  if (images.shape.join() !== '28,28,1') {
    throw new ShapeError('data', 'images of shape [28, 28, 1] (the MNIST classifier’s input)', [...images.shape]);
  }
  const conditional = model.classes !== undefined;
  if (conditional && (model.classes !== MNIST_CLASSES || typeof model.forwardTimes !== 'function')) {
    throw new InvalidArgumentError(
      'model.classes',
      `${MNIST_CLASSES} classes and a forwardTimes(t, x, labels) method (a class-conditional MNIST model)`,
      model.classes,
    );
  }
  const { samples = 1000, batchSize = 100, seed = 0, timeSpan = [0, 1] } = options;
  assertInteger('options.samples', samples, 2);
  assertInteger('options.batchSize', batchSize, 1);
  assertInteger('options.seed', seed);
  const report: Partial<ImageEvaluationReport> = {};
  if (options.likelihood !== false) {
    const likelihood = await imageBitsPerDim(model, images, { timeSpan, ...options.likelihood });
    report.bitsPerDim = likelihood.bitsPerDim;
    report.bitsPerDimStandardError = likelihood.standardError;
    report.likelihoodNfe = likelihood.nfe;
  }
  const classifier = options.classifier ?? mnistClassifier();
  try {
    const dataMoments = new GaussianMoments(MNIST_FEATURES);
    for (let start = 0; start < images.size; start += batchSize) {
      const { x, labels } = images.slice(start, Math.min(start + batchSize, images.size));
      labels?.dispose();
      const features = disposingAfter(x, () => classifier.features(x));
      dataMoments.add(await features.data().finally(() => features.dispose()));
    }
    const sampleMoments = new GaussianMoments(MNIST_FEATURES);
    const solver = options.solver ?? {};
    let correct = 0;
    let nfe = 0;
    for (let b = 0, start = 0; start < samples; b += 1, start += batchSize) {
      const n = Math.min(batchSize, samples - start);
      const labels = Int32Array.from({ length: n }, (_, i) => (start + i) % MNIST_CLASSES);
      const drawn = await drawSamples(model, conditional ? labels : undefined, n, deriveSeed(seed, 2, b), {
        solver,
        timeSpan,
      });
      nfe += drawn.nfe;
      const { classes, features } = disposingAfter(drawn.x, () =>
        tf.tidy(() => {
          const out = classifier.logitsAndFeatures(drawn.x);
          return { classes: tf.argMax(out.logits, 1), features: out.features };
        }),
      );
      const [predicted, values] = await Promise.all([classes.data(), features.data()]).finally(() =>
        tf.dispose([classes, features]),
      );
      sampleMoments.add(values);
      for (let i = 0; i < n; i += 1) if (predicted[i] === labels[i]) correct += 1;
    }
    return {
      ...report,
      ...(conditional ? { classifierAccuracy: correct / samples } : {}),
      frechetDistance: gaussianFrechetDistance(sampleMoments.summary(), dataMoments.summary()),
      samples,
      sampleNfe: nfe,
    };
  } finally {
    if (options.classifier === undefined) classifier.dispose();
  }
}

/** `compute()`'s result, with `input` disposed whether or not it throws. */
function disposingAfter<T>(input: tf.Tensor, compute: () => T): T {
  try {
    return compute();
  } finally {
    input.dispose();
  }
}

/** n samples [n, 28, 28, 1] from N(0, I) noise at t1 drawn by `sample`, with the given labels if conditional. */
async function drawSamples(
  model: ImageModel,
  labels: Int32Array | undefined,
  n: number,
  seed: Seed,
  { solver, timeSpan }: { solver: EvaluateImagesOptions['solver']; timeSpan: readonly [number, number] },
): Promise<{ x: tf.Tensor; nfe: number }> {
  const field: VectorField = labels === undefined ? model : conditionalField(model as TrainableField, labels);
  const z = tf.tidy(() => tf.reshape(new StandardNormal(28 * 28).sample(n, seed), [n, 28, 28, 1]));
  try {
    const { x, stats } = await sample(field, z, { ...solver, timeSpan });
    return { x, nfe: stats.nfe };
  } finally {
    z.dispose();
  }
}
