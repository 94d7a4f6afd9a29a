import * as tf from '@tensorflow/tfjs';
import { evaluateField } from '../evaluate-field.js';
import type { VectorField } from '../types.js';
import { assertDivergenceArgs } from './checks.js';
import { fieldVjp } from './field-vjp.js';

/** A field's value and its divergence at the same points; the caller owns both tensors. */
export interface ValueAndDivergence {
  /** f(t, x), [N, D]. */
  value: tf.Tensor;
  /** ∇·f(t, x) per sample (exact or estimated), [N]. */
  divergence: tf.Tensor;
}

/**
 * The exact divergence ∇·f(t, x) = tr(∂f/∂x) of a vector field at every point of a batch.
 *
 * @remarks
 * For each dimension i, one vector–Jacobian product with the basis cotangent e_i gives row i of the Jacobian
 * of every sample, of which the diagonal entry ∂f_i/∂x_i is kept; the divergence is their sum:
 * ∇·f = Σ_i e_iᵀ (∂f/∂x) e_i. That is D forward and backward passes (tfjs does not keep a tape between
 * gradient calls), so the cost grows linearly with D; use {@link divergenceHutchinson} for large D. The field
 * must treat the rows of `x` independently (no batch norm or attention across the batch), as every per-sample
 * density computation assumes. A closed-form `f.divergence`, if attached, is ignored: callers decide whether to
 * use it.
 *
 * @param f - The vector field u(t, x), mapping [N, D] to [N, D].
 * @param t - The time, a finite JS number.
 * @param x - The points, a float32 tensor [N, D]; not disposed.
 * @returns The divergence per sample, shape [N], a new tensor owned by the caller.
 * @throws {@link InvalidArgumentError} when `f` is not a function, `t` is not finite or `x` is not a live
 *   float32 tensor; {@link ShapeError} when `x` is not rank 2 or f(t, x) does not have the shape of `x`.
 * @example
 * ```ts
 * const a = tf.tensor2d([[1, 2], [3, 4]]);
 * const field: VectorField = (_t, x) => tf.matMul(x, a, false, true);
 * const div = divergenceExact(field, 0, tf.randomNormal([8, 2])); // every entry is tr A = 5
 * ```
 * @see W. Grathwohl, R. T. Q. Chen, J. Bettencourt, I. Sutskever, D. Duvenaud, "FFJORD: Free-form Continuous
 *   Dynamics for Scalable Reversible Generative Models", ICLR 2019.
 */
export function divergenceExact(f: VectorField, t: number, x: tf.Tensor): tf.Tensor {
  const { value, divergence } = valueAndDivergenceExact(f, t, x);
  value.dispose();
  return divergence;
}

/**
 * The field's value f(t, x) together with its exact divergence, reusing the first of the D passes for the value:
 * what a likelihood solve needs at every stage (D forward passes instead of D + 1).
 *
 * @param f - The vector field u(t, x), mapping [N, D] to [N, D].
 * @param t - The time, a finite JS number.
 * @param x - The points, a float32 tensor [N, D]; not disposed.
 * @returns `value` f(t, x) [N, D] and `divergence` [N], both owned by the caller.
 * @throws As {@link divergenceExact}.
 * @example
 * ```ts
 * const { value, divergence } = valueAndDivergenceExact(field, 0.5, x);
 * ```
 */
export function valueAndDivergenceExact(f: VectorField, t: number, x: tf.Tensor): ValueAndDivergence {
  const [n, d] = assertDivergenceArgs(f, t, x);
  return tf.tidy(() => {
    let value: tf.Tensor | undefined;
    const diagonal: tf.Tensor[] = [];
    for (let i = 0; i < d; i += 1) {
      // Each pass is tidied on its own, so at most one [N, D] row block is alive at a time.
      const pass = tf.tidy(() => {
        const unit = new Float32Array(d);
        unit[i] = 1;
        const basis = tf.tile(tf.tensor2d(unit, [1, d]), [n, 1]); // e_i in every row
        const { value: u, vjp } = fieldVjp(f, t, x, basis);
        return { u: i === 0 ? u : tf.zeros([0]), entry: tf.reshape(tf.slice(vjp, [0, i], [n, 1]), [n]) };
      });
      if (i === 0) value = pass.u;
      else pass.u.dispose();
      diagonal.push(pass.entry);
    }
    return { value: value ?? evaluateField(f, t, x), divergence: tf.addN(diagonal) };
  });
}
