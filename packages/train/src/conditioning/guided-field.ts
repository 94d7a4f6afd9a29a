import { InvalidArgumentError, linearCombination, type VectorField } from '@gen/core';
import { assertNonNegative } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { TrainableField } from '../types.js';
import { assertConditionalBatch, type ClassLabels, conditionalField } from './conditional-field.js';
import { hostLabels, modelClasses } from './labels.js';

/** Options of {@link guidedField}. */
export interface GuidedFieldOptions {
  /** One class label per sample, in 0..K−1 (K, "no class", is allowed and gives the unconditional field). */
  labels: ClassLabels;
  /** The guidance weight w ≥ 0 (0: the conditional field itself). */
  guidance: number;
}

/**
 * Classifier-free guidance as a field transform: u_w(t, x) = (1 + w)·u(t, x | c) − w·u(t, x | ∅), a plain
 * `VectorField` for every ODE method and every SDE sampler.
 *
 * @remarks
 * u(t, x | ∅) is the model with its "no class" label K (Ho & Salimans 2022). Each evaluation runs one forward
 * pass of 2N rows, [x; x] with labels [c; K…K], then combines the halves with float64 weights on the host (one
 * `linearCombination`). The combination is linear, so it is correct for any prediction that is linear in the score
 * at fixed t and x: velocity, noise ε (score = −ε/σ_t) and score alike; pass the guided field wherever the model
 * went (e.g. `sample(diffusionProblem(process, guided, { prediction: 'noise' }), z, { method: 'ddim' })`). With w = 0 the field is
 * {@link conditionalField} (one forward of N rows). The model must treat rows independently (no batch statistics;
 * GroupNorm and attention over positions are per sample), so the 2N-row pass equals two N-row passes; on tfjs's cpu
 * backend the two cost the same, and on GPU backends one pass launches half the kernels. The labels are copied to
 * the host at construction; the model is borrowed and evaluated by its deterministic evaluation pass (no dropout, so
 * a model trained with dropout samples as it is).
 *
 * @param model - A class-conditional model (`classes` = K).
 * @param options - The labels and the guidance weight.
 * @returns The field; each call returns a new tensor shaped like x, owned by the caller.
 * @throws `InvalidArgumentError` naming `model` (not class-conditional: guidance needs classes), `labels` (not
 *   integers in 0..K), `options` (missing) or `options.guidance` (negative or not finite). The field throws as
 *   {@link conditionalField}'s.
 * @example
 * ```ts
 * const guided = guidedField(model, { labels: new Array(16).fill(3), guidance: 2 });
 * const { x } = await sample(guided, randomNormal([16, 2], 0), { method: 'rk4', steps: 20 });
 * ```
 * @see Ho & Salimans, "Classifier-Free Diffusion Guidance", NeurIPS 2021 Workshop (arXiv 2207.12598).
 */
export function guidedField(model: TrainableField, options: GuidedFieldOptions): VectorField {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', 'an options object { labels, guidance }', options);
  }
  const classes = modelClasses('model', model);
  const values = hostLabels('labels', options.labels, classes);
  const w = assertNonNegative('options.guidance', options.guidance);
  if (w === 0) return conditionalField(model, values);
  const n = values.length;
  const doubled = Int32Array.from({ length: 2 * n }, (_, i) => (i < n ? (values[i] as number) : classes));
  return (t, x) => {
    assertConditionalBatch(t, x, n);
    return tf.tidy(() => {
      const output = model.forwardTimes(tf.fill([2 * n], t), tf.concat([x, x], 0), tf.tensor1d(doubled, 'int32'));
      const [conditional, unconditional] = tf.split(output, 2, 0) as [tf.Tensor, tf.Tensor];
      return linearCombination(conditional, [conditional, unconditional], [w, -w]);
    });
  };
}
