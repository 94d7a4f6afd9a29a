import type { Seed } from '@gen/core';
import type * as tf from '@tensorflow/tfjs';
import type { TrainableField } from '../types.js';

/**
 * A training loss for a flow or diffusion model: a scalar function of the model's parameters, a data minibatch
 * and a seed.
 *
 * @remarks
 * `loss` is synchronous so that it can run inside `tf.variableGrads`, and every random draw it makes (times,
 * noise, couplings, probes) comes from `seed` through the core `Rng`: equal seeds give equal losses. It
 * creates no tensors beyond the returned scalar and never disposes `batch`.
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
   * @param batch - Data points, float32 [N, D], N, D ≥ 1; not disposed.
   * @param seed - A non-negative safe integer; all randomness of this call comes from it.
   * @returns The loss, a float32 scalar owned by the caller.
   * @throws `InvalidArgumentError` / `ShapeError` naming `model`, `batch` or `seed`.
   */
  loss(model: TrainableField, batch: tf.Tensor, seed: Seed): tf.Scalar;
}
