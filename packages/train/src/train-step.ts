import { deriveSeed } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { trainingBatch, trainingConditioning } from './conditioning/training-batch.js';
import type { Dataset } from './data/index.js';
import type { Objective } from './objectives/index.js';
import type { Adam } from './optim/adam.js';
import { clipByGlobalNorm } from './optim/clip.js';
import type { TrainableField } from './types.js';

/** What {@link trainStep} needs for one update. */
export interface TrainStepOptions {
  /** The model whose `variables` are updated (the ones `adam` was built for). */
  model: TrainableField;
  /** Where the batch comes from. */
  data: Dataset;
  /** The loss. */
  objective: Objective;
  /** The optimiser; its moments advance by one update when the loss is finite. */
  adam: Adam;
  /** The update's index k: the batch is drawn with `deriveSeed(seed, k, 0)`, the objective's noise with `(seed, k, 1)`. */
  step: number;
  /** Points per batch. */
  batchSize: number;
  /** The run's seed. */
  seed: number;
  /** The learning rate of this update. */
  learningRate: number;
  /** Clip the gradients to this global norm first (default: no clipping). */
  gradClip?: number;
  /**
   * For a class-conditional model: the probability in [0, 1) that a label is replaced by K, "no class" (default 0;
   * 0.1–0.2 is usual for classifier-free guidance). Draws come from `deriveSeed(seed, k, 2)`.
   */
  labelDropout?: number;
}

/**
 * One optimisation update: draw the batch of update k, take the objective's gradients, and apply Adam — the step
 * `train` repeats, for callers that schedule updates themselves (the browser demo trains in chunks between frames).
 *
 * @remarks
 * The same seeds as `train` (`deriveSeed(seed, k, 0)` for the batch, `deriveSeed(seed, k, 1)` for the objective),
 * so runs made of `trainStep` calls reproduce a `train` run update for update. The loss is read back once (one
 * scalar) to decide whether to apply the update: a NaN or infinite loss leaves the weights and Adam's state as they
 * were, and the caller decides what to do.
 *
 * A class-conditional model (`classes` = K) trains on labelled data with the same K: the batch comes from
 * `data.sampleLabelled(batchSize, deriveSeed(seed, k, 0))` (the same x as `data.sample`), each label is replaced by K
 * with probability `labelDropout` (draws from `deriveSeed(seed, k, 2)`), and the labels go to the objective. An
 * unconditional model trains on the points alone, also when the data has labels (as an unconditional torchcfm or
 * diffusers model would).
 *
 * @param options - Model, data, objective, optimiser, update index and settings; none is disposed.
 * @returns The loss of the update (a host number; NaN or ±∞ when it was skipped).
 * @throws `InvalidArgumentError` naming `options.labelDropout` (not in [0, 1), or set for an unconditional model) or
 *   `options.data` (unlabelled data or another number of classes for a class-conditional model); what the data set
 *   or the objective throws.
 * @example
 * ```ts
 * const adam = new Adam(model.variables);
 * for (let k = 0; k < 100; k += 1) {
 *   const loss = trainStep({ model, data, objective, adam, step: k, batchSize: 256, seed: 0, learningRate: 1e-3 });
 * }
 * ```
 */
export function trainStep(options: TrainStepOptions): number {
  const { model, data, objective, adam, step, batchSize, seed, learningRate, gradClip } = options;
  const conditioning = trainingConditioning(model, data, options.labelDropout);
  const variables = [...model.variables];
  return tf.tidy(() => {
    const { x, labels } = trainingBatch(data, conditioning, batchSize, seed, step);
    const objectiveSeed = deriveSeed(seed, step, 1);
    const { value, grads } = tf.variableGrads(() => objective.loss(model, x, objectiveSeed, labels), variables);
    const loss = value.dataSync()[0] as number;
    if (!Number.isFinite(loss)) return loss;
    const gradients = variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
    adam.apply(gradClip === undefined ? gradients : clipByGlobalNorm(gradients, gradClip).clipped, learningRate);
    return loss;
  });
}
