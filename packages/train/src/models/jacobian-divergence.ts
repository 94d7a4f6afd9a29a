import * as tf from '@tensorflow/tfjs';
import { activate, activationDerivative, type MlpActivation } from './activations.js';

/** One dense layer's (effective) parameters. */
export interface DenseParameters {
  /** Kernel W [in, out] (already spectrally normalised where that applies). */
  readonly kernel: tf.Tensor;
  /** Bias b [out]. */
  readonly bias: tf.Tensor;
}

/**
 * The exact divergence ∇·u = tr ∂u/∂x of an MLP, per sample, by carrying the D tangent directions forward through
 * the layers (forward-mode Jacobian): a few forward passes, no backward pass.
 *
 * @remarks
 * The network is h₀ = [x, e(t)], z_l = h_l W_l + b_l, h_{l+1} = σ(z_l) for the hidden layers and u = z_L for the
 * last. The tangents T_l[n, i, :] = ∂h_l/∂x_i of sample n, stored as [N, D, width_l], start from
 * T₀ = [I_D, 0] (the time features e(t) do not depend on x) and follow
 *
 *   T_{l+1} = σ'(z_l) ⊙ (T_l W_l)   (σ'(z_l) broadcast over the D directions),
 *
 * where T₀ W₀ is simply the first D rows of W₀, shared by all samples. The divergence is the trace of the last
 * Jacobian, ∇·u = Σ_i (T_L W_L)[n, i, i] = Σ_{i,k} T_L[n, i, k] W_L[k, i], taken without forming T_L W_L. The
 * cost is about D forward passes of the hidden layers (the products have N·D rows), and the result equals the
 * autodiff divergence to float32 rounding.
 *
 * @param input - The first-layer input h₀ = [x, e(t)], [N, D + E]; not disposed.
 * @param dim - D, the number of leading input columns that are x.
 * @param hidden - The hidden layers in order (possibly none).
 * @param output - The last layer, mapping to D outputs.
 * @param activation - The hidden-layer nonlinearity σ.
 * @returns ∇·u per sample, [N], owned by the caller.
 * @example
 * ```ts
 * const div = jacobianDivergence(tf.concat([x, t], 1), 2, hiddenLayers, outputLayer, 'silu');
 * ```
 * @see A. Griewank, A. Walther, "Evaluating Derivatives", SIAM 2008 (forward mode).
 */
export function jacobianDivergence(
  input: tf.Tensor,
  dim: number,
  hidden: readonly DenseParameters[],
  output: DenseParameters,
  activation: MlpActivation,
): tf.Tensor {
  return tf.tidy(() => {
    const n = input.shape[0] as number;
    let h = input;
    let tangent: tf.Tensor | undefined; // [N, D, width]; undefined stands for T₀ = [I_D, 0]
    for (const { kernel, bias } of hidden) {
      const width = kernel.shape[1] as number;
      const z = tf.add(tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D), bias);
      const zTangent =
        tangent === undefined
          ? tf.expandDims(tf.slice(kernel, [0, 0], [dim, width]), 0)
          : tf.reshape(tf.matMul(tf.reshape(tangent, [n * dim, -1]) as tf.Tensor2D, kernel as tf.Tensor2D), [
              n,
              dim,
              width,
            ]);
      tangent = tf.mul(zTangent, tf.expandDims(activationDerivative(activation, z), 1));
      h = activate(activation, z);
    }
    const kernelT = tf.transpose(output.kernel); // [D, in]: entry (i, k) is W_L[k, i]
    if (tangent !== undefined) return tf.sum(tf.mul(tangent, tf.expandDims(kernelT, 0)), [1, 2]);
    // No hidden layer: u is affine in x and ∇·u = Σ_{i<D} W_L[i, i] for every sample.
    const trace = tf.sum(tf.mul(tf.slice(kernelT, [0, 0], [dim, dim]), tf.eye(dim)));
    return tf.broadcastTo(tf.reshape(trace, [1]), [n]);
  });
}
