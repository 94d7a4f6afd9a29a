import * as tf from '@tensorflow/tfjs';

/** What {@link tapeGradients} returns; the caller owns every tensor. */
export interface TapeGradientsResult {
  /** f()'s value. */
  value: tf.Tensor;
  /** dyᵀ·∂f/∂xᵢ for each input, shaped like it (zeros for an input f does not depend on). */
  grads: tf.Tensor[];
}

/**
 * Vector–Jacobian products of a user's computation through tfjs's tape, `tf.engine().gradients(f, xs, dy, true)`,
 * that frees the tape when `f` throws.
 *
 * @remarks
 * tfjs keeps (clones of) the tensors each recorded op saves for its backward pass until the backward pass ends;
 * when `f` throws part-way (a user's field returning the wrong shape after a few ops), they would stay allocated
 * forever. Here they are disposed when the outermost tape ends with the error (never inside an enclosing
 * `tf.grad`, whose tape is its caller's). Inputs that `f` does not depend on get zero gradients instead of an error.
 *
 * @param f - The computation; its value is differentiated.
 * @param xs - The tensors to differentiate with respect to; not disposed.
 * @param dy - The cotangent, shaped like `f()`'s value; not disposed.
 * @returns `value` = f() and `grads` = dyᵀ·∂f/∂xᵢ for each input, all owned by the caller.
 * @throws Whatever `f` throws, after freeing the tape.
 * @example
 * ```ts
 * const { value, grads } = tapeGradients(() => tf.square(x), [x], tf.onesLike(x)); // grads[0] = 2x
 * ```
 */
export function tapeGradients(f: () => tf.Tensor, xs: readonly tf.Tensor[], dy: tf.Tensor): TapeGradientsResult {
  const engine = tf.engine();
  try {
    const { value, grads } = engine.gradients(f, [...xs], dy, true);
    return { value, grads: grads.map((g, i) => g ?? tf.zerosLike(xs[i] as tf.Tensor)) };
  } catch (error) {
    const { state } = engine;
    if (state.gradientDepth === 0 && state.activeTape != null) {
      for (const node of state.activeTape) tf.dispose(node.saved ?? []);
      state.activeTape = [];
    }
    throw error;
  }
}
