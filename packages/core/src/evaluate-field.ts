import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { assertTensor } from './validation/tensors.js';

/**
 * Calls a user's vector field (or drift, diffusion, model) the way every gen solver does: inside `tf.tidy`,
 * checking what it returned, and handing back a tensor the caller owns whatever the field did.
 *
 * @remarks
 * - Intermediates the field allocates are freed by the tidy, so a field that builds constants per call (as
 *   `tf.tensor2d(...)` inside the function) never leaks.
 * - The result is `tf.clone` of the field's value: the clone shares the data buffer (no copy) and is new, so a
 *   field may return its input `x` itself or a tensor it keeps (a cached constant), and the caller can dispose
 *   what it got without freeing the field's tensor. Differentiable (clone's gradient is the identity), so it
 *   serves inside `tf.grad` and vector–Jacobian products too.
 * - The value must be a tensor of dtype `x.dtype` and shape `shape` (default `x.shape`; `null` leaves the shape
 *   to the caller), returned synchronously:
 *   a Promise (an `async` field) is refused with a typed error, and the tensor it resolves to is disposed when it
 *   settles.
 *
 * @param f - The function, called as `f(t, x)`.
 * @param t - The time, a JS number.
 * @param x - The input batch; not disposed.
 * @param parameter - How error messages name the call, e.g. `'f(t, y)'` or `'model'`.
 * @param shape - The shape the value must have (default: `x`'s), or `null` for no shape check.
 * @returns f(t, x) as a new tensor owned by the caller.
 * @throws {@link InvalidArgumentError} naming `parameter` when the field returns something other than a live tensor
 *   of `x`'s dtype (a Promise included); {@link ShapeError} naming it when the shape differs from `shape`; whatever
 *   `f` throws, after freeing what it allocated.
 * @example
 * ```ts
 * const k = evaluateField((t, x) => tf.mul(x, tf.scalar(-1)), 0, y, 'f(t, y)'); // the scalar is freed
 * const same = evaluateField((t, x) => x, 0, y); // a new tensor sharing y's data; disposing it keeps y alive
 * ```
 */
export function evaluateField(
  f: (t: number, x: tf.Tensor) => unknown,
  t: number,
  x: tf.Tensor,
  parameter = 'f(t, x)',
  shape: readonly number[] | null = x.shape,
): tf.Tensor {
  return tf.tidy(() => {
    const value = f(t, x);
    if (isThenable(value)) {
      // The tensor an async field resolves to is made outside this tidy: free it once it arrives.
      value.then(
        (late) => (late instanceof tf.Tensor ? late.dispose() : undefined),
        () => undefined,
      );
      throw new InvalidArgumentError(
        parameter,
        'a tf.Tensor returned synchronously',
        value,
        'It returned a Promise: fields must be synchronous functions of tfjs ops (no async/await).',
      );
    }
    return tf.clone(assertTensor(parameter, value, shape === null ? { dtype: x.dtype } : { shape, dtype: x.dtype }));
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
