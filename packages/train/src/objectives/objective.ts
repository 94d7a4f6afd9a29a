import type { Seed } from '@gen/core';
import type * as tf from '@tensorflow/tfjs';
import type { ForwardOptions, TrainableField } from '../types.js';

/**
 * The options of an objective's `forwardTimes` calls: a training pass, so a model with dropout drops (the
 * maximum-likelihood objective, which integrates the model as one fixed ODE field, is the exception).
 *
 * @example
 * ```ts
 * const prediction = model.forwardTimes(times, xt, labels, TRAINING);
 * ```
 */
export const TRAINING: ForwardOptions = Object.freeze({ training: true });

/**
 * A training loss for a flow or diffusion model: a scalar function of the model's parameters, a data minibatch
 * and a seed.
 *
 * @remarks
 * `loss` is synchronous so that it can run inside `tf.variableGrads`, and every random draw it makes (times,
 * noise, couplings, probes) comes from `seed` through the core `Rng`: equal seeds give equal losses. It
 * creates no tensors beyond the returned scalar and never disposes `batch` or `labels`. Regression objectives run
 * the model's training pass (`forwardTimes(…, TRAINING)`: dropout on). Batches of any rank ≥ 2
 * work: the per-sample times and weights broadcast as [N, 1, ..., 1], and squared errors sum over every axis but the
 * first.
 *
 * Time convention: t = 0 is data, t = 1 is the prior.
 *
 * @example
 * ```ts
 * const objective: Objective = otConditionalFlowMatching();
 * const { value, grads } = tf.variableGrads(() => objective.loss(model, batch, step), model.variables);
 * ```
 */
export interface Objective {
  /** A short identifier for logs and checkpoints, e.g. `"ot-cfm"`. */
  readonly name: string;
  /**
   * The loss on one minibatch.
   *
   * @param model - The model being trained.
   * @param batch - Data, float32 [N, ...sampleShape] of rank ≥ 2 ([N, D] points, [N, H, W, C] images), every size
   *   ≥ 1; not disposed.
   * @param seed - A non-negative safe integer; all randomness of this call comes from it.
   * @param labels - Class labels, int32 [N] in 0..K, passed to `model.forwardTimes` (only for a model with
   *   `classes` = K; omitted means unconditional); not disposed.
   * @returns The loss, a float32 scalar owned by the caller.
   * @throws `InvalidArgumentError` / `ShapeError` naming `model`, `batch`, `seed` or `labels` (labels given to an
   *   unconditional model, not int32 [N], or out of range).
   */
  loss(model: TrainableField, batch: tf.Tensor, seed: Seed, labels?: tf.Tensor): tf.Scalar;
}
