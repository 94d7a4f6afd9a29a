import { deriveSeed, InvalidArgumentError, Rng, type Seed } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/index.js';
import type { TrainableField } from '../types.js';

/** How the trainer draws batches for one model and data set, checked once by {@link trainingConditioning}. */
export interface TrainingConditioning {
  /** K when batches are labelled (a class-conditional model on labelled data); undefined for unconditional training. */
  readonly classes: number | undefined;
  /** The probability that a label is replaced by K ("no class"), in [0, 1). */
  readonly labelDropout: number;
}

/**
 * Decides how a model trains on a data set, as torchcfm's and diffusers' conditional recipes do: a class-conditional
 * model (`classes` = K) needs labelled data with the same K, and its labels are dropped to K with probability
 * `labelDropout` (classifier-free guidance training); an unconditional model trains on the points alone, ignoring
 * any labels the data has.
 *
 * @param model - The model being trained.
 * @param data - The data set.
 * @param labelDropout - The label dropout probability (undefined means 0).
 * @returns The checked settings.
 * @throws `InvalidArgumentError` naming `options.labelDropout` (not in [0, 1), or > 0 for an unconditional model) or
 *   `options.data` (unlabelled data, or a different number of classes, for a class-conditional model).
 */
export function trainingConditioning(
  model: TrainableField,
  data: Dataset,
  labelDropout: number | undefined,
): TrainingConditioning {
  const dropout = labelDropout ?? 0;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    throw new InvalidArgumentError('options.labelDropout', 'a probability in [0, 1)', labelDropout);
  }
  const classes = model.classes;
  if (classes === undefined) {
    if (dropout > 0) {
      throw new InvalidArgumentError(
        'options.labelDropout',
        '0 (the model is not class-conditional)',
        dropout,
        'Build the model with classes to train for guidance.',
      );
    }
    return { classes: undefined, labelDropout: 0 };
  }

  if (data.classes === undefined || typeof data.sampleLabelled !== 'function') {
    throw new InvalidArgumentError(
      'options.data',
      `labelled data with ${classes} classes (the model is class-conditional)`,
      data.name,
      'Use a labelled data set, or a model without classes.',
    );
  }
  if (data.classes !== classes) {
    throw new InvalidArgumentError(
      'options.data',
      `labelled data with ${classes} classes (the model's classes)`,
      data.classes,
      'Build the model with as many classes as the data has.',
    );
  }
  return { classes, labelDropout: dropout };
}

/**
 * The batch of update k: `data.sample(n, deriveSeed(seed, k, 0))` for unconditional training; for conditional
 * training `data.sampleLabelled` with the same seed, each label then replaced by K with probability `labelDropout`
 * (draws from `deriveSeed(seed, k, 2)`, so a resumed run drops the same labels).
 *
 * @param data - The data set, checked by {@link trainingConditioning}.
 * @param conditioning - The checked settings.
 * @param n - The batch size.
 * @param seed - The run's seed.
 * @param k - The update's index.
 * @returns x [n, ...shape] and, for conditional training, labels int32 [n]; the caller owns them.
 */
export function trainingBatch(
  data: Dataset,
  conditioning: TrainingConditioning,
  n: number,
  seed: Seed,
  k: number,
): { x: tf.Tensor; labels?: tf.Tensor } {
  const batchSeed = deriveSeed(seed, k, 0);
  const { classes, labelDropout } = conditioning;
  if (classes === undefined) return { x: data.sample(n, batchSeed) };
  const batch = data.sampleLabelled?.(n, batchSeed);
  if (batch === undefined)
    throw new InvalidArgumentError('options.data', 'labelled data (with sampleLabelled)', data.name);
  const { x, labels } = batch;
  if (labelDropout === 0) return { x, labels };
  const rng = new Rng(deriveSeed(seed, k, 2));
  const dropped = Uint8Array.from({ length: n }, () => (rng.uniform() < labelDropout ? 1 : 0));
  const kept = tf.tidy(() => tf.where(tf.tensor1d(dropped, 'bool'), tf.fill([n], classes, 'int32'), labels));
  labels.dispose();
  return { x, labels: kept };
}
