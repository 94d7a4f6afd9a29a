import * as tf from '@tensorflow/tfjs';

/** The activation functions an {@link MlpVectorField} can use. */
export const MLP_ACTIVATIONS = ['silu', 'swish', 'tanh', 'elu'] as const;

/**
 * The hidden-layer nonlinearity σ of an MLP vector field.
 *
 * @remarks
 * - `'silu'` (also called `'swish'`, the two names give the same function): σ(z) = z·s(z) with the logistic
 *   s(z) = 1 / (1 + e^{−z}); σ'(z) = s(z)·(1 + z·(1 − s(z))).
 * - `'tanh'`: σ(z) = tanh z; σ'(z) = 1 − tanh² z.
 * - `'elu'`: σ(z) = z for z > 0, e^z − 1 otherwise; σ'(z) = 1 for z > 0, e^z otherwise.
 *
 * All four are smooth enough for the exact divergence, and their derivatives are what the forward-mode
 * Jacobian of `jacobianDivergence` propagates.
 */
export type MlpActivation = (typeof MLP_ACTIVATIONS)[number];

/**
 * Applies the activation entrywise.
 *
 * @param kind - The activation.
 * @param z - Pre-activations, any shape; not disposed.
 * @returns σ(z), same shape, owned by the caller.
 * @example
 * ```ts
 * const h = activate('silu', z);
 * ```
 */
export function activate(kind: MlpActivation, z: tf.Tensor): tf.Tensor {
  switch (kind) {
    case 'silu':
    case 'swish':
      return tf.tidy(() => tf.mul(z, tf.sigmoid(z)));
    case 'tanh':
      return tf.tanh(z);
    case 'elu':
      return tf.elu(z);
  }
}

/**
 * The activation's derivative σ'(z), entrywise.
 *
 * @remarks
 * See {@link MlpActivation} for the formulas. At the kink of ELU (z = 0) the value is 1, as in tfjs's own ELU
 * gradient.
 *
 * @param kind - The activation.
 * @param z - Pre-activations, any shape; not disposed.
 * @returns σ'(z), same shape, owned by the caller.
 * @example
 * ```ts
 * const slope = activationDerivative('tanh', z); // 1 − tanh²(z)
 * ```
 */
export function activationDerivative(kind: MlpActivation, z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    switch (kind) {
      case 'silu':
      case 'swish': {
        const s = tf.sigmoid(z);
        return tf.mul(s, tf.add(1, tf.mul(z, tf.sub(1, s))));
      }
      case 'tanh':
        return tf.sub(1, tf.square(tf.tanh(z)));
      case 'elu':
        return tf.where(tf.greater(z, 0), tf.onesLike(z), tf.exp(z));
    }
  });
}
