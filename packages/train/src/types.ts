import type { VectorField } from '@gen/core';
import type * as tf from '@tensorflow/tfjs';

/**
 * A vector field with trainable parameters: a model that can be called as u(t, x) and optimised.
 *
 * @remarks
 * Calling it returns u(t, x) for a batch [N, D] (owned by the caller). `variables` are the `tf.Variable`s an optimiser
 * updates. `forwardTimes(t, x)` evaluates the model with one time per sample (t of shape [N]), which is what training
 * objectives need; `divergence`, when present, is the exact ∇·u in closed form.
 */
export interface TrainableField extends VectorField {
  /** The model's parameters. */
  readonly variables: readonly tf.Variable[];
  /**
   * u(tᵢ, xᵢ) for a batch with one time per sample.
   *
   * @param t - Times [N].
   * @param x - Points [N, D].
   * @returns [N, D], owned by the caller.
   */
  forwardTimes(t: tf.Tensor, x: tf.Tensor): tf.Tensor;
}
