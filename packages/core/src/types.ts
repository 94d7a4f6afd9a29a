import type { Tensor } from '@tensorflow/tfjs';

/**
 * A time-dependent vector field u(t, x) on a batch of points: the right-hand side of dx/dt = u(t, x).
 *
 * @remarks
 * Called with a JS-number time `t` (float64 on the host) and a batch `x` of shape [N, D] (or any shape the
 * solver was given); returns a tensor of the same shape and dtype, synchronously (an `async` field is refused
 * with an `InvalidArgumentError`). A field must not dispose `x`. gen's solvers call every field through
 * `evaluateField`: inside `tf.tidy`, so intermediates the field allocates are freed, and with the value
 * cloned (no data copy), so a field may return `x` itself or a tensor it keeps. A plain function is a
 * `VectorField`. A field that knows its divergence ∇·u = tr ∂u/∂x in closed form may attach it as
 * `divergence`; likelihood computations then use it instead of D vector–Jacobian products.
 *
 * Time convention everywhere in gen: t = 0 is data, t = 1 is the prior.
 *
 * @example
 * ```ts
 * const a = tf.tensor2d([[0, -1], [1, 0]]); // made once, kept by the caller (dispose it when done)
 * const rotation: VectorField = (t, x) => tf.matMul(x, a);
 * ```
 */
export interface VectorField {
  /**
   * Evaluates u(t, x).
   *
   * @param t - The time, a JS number.
   * @param x - The batch of points, e.g. [N, D]; not disposed by the field.
   * @returns u(t, x), same shape and dtype as `x`.
   */
  (t: number, x: Tensor): Tensor;
  /**
   * Optional exact divergence ∇·u(t, x) per sample.
   *
   * @param t - The time.
   * @param x - The batch [N, D].
   * @returns The divergence, shape [N], owned by the caller.
   */
  divergence?: (t: number, x: Tensor) => Tensor;
}
