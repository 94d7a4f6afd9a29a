import type { VectorField } from '@gen/core';
import type * as tf from '@tensorflow/tfjs';

/**
 * A vector field with trainable parameters: a model that can be called as u(t, x) and optimised, optionally
 * conditional on a class label.
 *
 * @remarks
 * Every field is shape-generic: x is [N, D] for points and [N, H, W, C] (NHWC, float32) for images, and every
 * output is shaped like x. Calling it as `model(t, x)` returns u(t, x) at one time for the whole batch (owned by
 * the caller). `variables` are the `tf.Variable`s an optimiser updates. `forwardTimes(t, x, labels)` evaluates the
 * model with one time per sample (t of shape [N]); `divergence`, when present, is the exact ∇·u in closed form.
 *
 * `forwardTimes` is a deterministic evaluation pass unless called with `{ training: true }`: only then does a model
 * with dropout drop (PyTorch's `model.train()` / `model.eval()`). Training objectives pass `{ training: true }`;
 * sampling, `conditionalField`, `guidedField` and likelihoods never do. (An MLP has no dropout and ignores the
 * option; with spectral normalisation its `forwardTimes` runs a power iteration on every call.)
 *
 * A class-conditional model sets `classes` = K and takes labels in 0..K: label K is the learned "no class" entry of
 * classifier-free guidance (Ho & Salimans 2022). Calling such a model as `model(t, x)`, or `forwardTimes` without
 * labels, evaluates it unconditionally (label K for every sample). `conditionalField` and `guidedField` turn it into
 * a plain `VectorField` for the ODE and SDE samplers.
 *
 * @example
 * ```ts
 * const model: TrainableField = mlpVectorField({ dim: 2 });
 * const u = model.forwardTimes(tf.tensor1d([0.1, 0.9]), tf.zeros([2, 2])); // [2, 2]
 * ```
 * @see Ho & Salimans, "Classifier-Free Diffusion Guidance", 2022 (the "no class" label).
 */
export interface TrainableField extends VectorField {
  /** The model's parameters. */
  readonly variables: readonly tf.Variable[];
  /** The number of classes K of a class-conditional model (labels 0..K−1, and K for "no class"); unset otherwise. */
  readonly classes?: number;
  /**
   * u(tᵢ, xᵢ | cᵢ) for a batch with one time (and optionally one label) per sample.
   *
   * @param t - Times [N], float32.
   * @param x - Points [N, ...sampleShape], float32: [N, D] or [N, H, W, C].
   * @param labels - Class labels, int32 [N], values in 0..K (only for a model with `classes`; omitted means K,
   *   unconditional).
   * @param options - `{ training: true }` for a training pass (dropout active); default: evaluation.
   * @returns Shaped like x, owned by the caller.
   */
  forwardTimes(t: tf.Tensor, x: tf.Tensor, labels?: tf.Tensor, options?: ForwardOptions): tf.Tensor;
}

/**
 * How {@link TrainableField.forwardTimes} runs: an evaluation pass (the default) or a training pass.
 *
 * @example
 * ```ts
 * const u = model.forwardTimes(t, x, labels, { training: true }); // dropout on, as in PyTorch's model.train()
 * ```
 */
export interface ForwardOptions {
  /**
   * `true`: the training pass (dropout draws fresh seeded masks); `false` (default): the deterministic evaluation
   * pass, equal on every call.
   */
  readonly training?: boolean;
}
