import * as tf from '@tensorflow/tfjs';
import { centralDifferenceGradient } from './finite-difference.js';
import { measureLeaks } from './measure-leaks.js';

/** What {@link autodiffAndDifferences} returns: both gradients, flattened in the order of the variables. */
export interface GradientPair {
  /** tf.grads of the loss, every variable's gradient flattened and concatenated. */
  autodiff: number[];
  /** Central differences of the same loss, in the same order. */
  numeric: number[];
}

/**
 * The gradient of a scalar loss by tfjs's autodiff, next to its central differences, with the autodiff call
 * leak-checked: it must leave no tensor and no backend data buffer behind (an `Error` otherwise).
 *
 * @remarks
 * The kernel tests of every backend compare a kernel's gradient with {@link centralDifferenceGradient} this way.
 * The variables are restored after the differences.
 *
 * @param loss - The loss as a function of the variables' current values; creates only the scalar it returns.
 * @param variables - The variables to differentiate with respect to; not disposed.
 * @param epsilon - The central-difference step (default 1e-2).
 * @returns Both gradients, flattened.
 * @example
 * ```ts
 * const w = tf.variable(tf.tensor1d([1, 2]));
 * const { autodiff, numeric } = await autodiffAndDifferences((v) => tf.sum(tf.square(v)), [w]);
 * expectClose(autodiff, numeric, { atol: 1e-3, rtol: 1e-3 }, 'gradient'); // both ≈ [2, 4]
 * ```
 */
export async function autodiffAndDifferences(
  loss: (...values: tf.Tensor[]) => tf.Scalar,
  variables: tf.Variable[],
  epsilon = 1e-2,
): Promise<GradientPair> {
  const {
    value: autodiff,
    leakedTensors,
    leakedDataBuffers,
  } = await measureLeaks(async () => {
    const grads = tf.grads(loss)(variables);
    const values = await Promise.all(grads.map((g) => g.data()));
    tf.dispose(grads);
    return values.flatMap((v) => Array.from(v));
  });
  if (leakedTensors !== 0 || leakedDataBuffers !== 0) {
    throw new Error(`autodiff left ${leakedTensors} tensors and ${leakedDataBuffers} data buffers behind`);
  }
  const numeric = centralDifferenceGradient(
    () => tf.tidy(() => loss(...variables).dataSync()[0] as number),
    variables,
    epsilon,
  );
  return { autodiff, numeric };
}
