import type * as tf from '@tensorflow/tfjs';
import { evaluateField } from '../evaluate-field.js';
import { tapeGradients } from '../tape-gradients.js';
import type { VectorField } from '../types.js';

/**
 * The vector–Jacobian product vᵀ·∂f/∂x of a field at (t, x), row by row: one forward and one backward pass.
 *
 * @remarks
 * For a field that treats rows independently, row n of the result is v_nᵀ·J_n with J_n = ∂f(t, x_n)/∂x_n.
 * Uses {@link tapeGradients} (the tape is freed when the field throws), so a field that does not depend on x (its Jacobian is
 * zero) gives zeros instead of an error, and a field that returns `x` itself gives `v`.
 *
 * @param f - The vector field.
 * @param t - The time.
 * @param x - The batch [N, D]; not disposed.
 * @param v - The cotangent [N, D], float32; not disposed.
 * @returns f(t, x) and vᵀ·∂f/∂x, both [N, D], owned by the caller.
 * @throws {@link ShapeError} when f(t, x) does not have the shape of `x`.
 */
export function fieldVjp(f: VectorField, t: number, x: tf.Tensor, v: tf.Tensor): { value: tf.Tensor; vjp: tf.Tensor } {
  const { value, grads } = tapeGradients(() => evaluateField(f, t, x), [x], v);
  return { value, vjp: grads[0] as tf.Tensor };
}
