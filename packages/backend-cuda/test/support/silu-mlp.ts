import { randomMlpField } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';

/** A trainable copy of `@gen/core/testing`'s random SiLU MLP, built by {@link createSiluMlp}. */
export interface SiluMlp {
  /** Weights and biases, layer by layer: [W₁, b₁, W₂, b₂, …]. */
  readonly variables: readonly tf.Variable[];
  /** The output for a batch [N, dim + 1] → [N, dim] (a new tensor). */
  apply(x: tf.Tensor): tf.Tensor;
  /** Disposes every variable. */
  dispose(): void;
}

/**
 * The MLP of `randomMlpField` (widths [dim + 1, ...hidden, dim], Glorot-uniform weights from a seed, zero biases,
 * SiLU σ(z) = z·sigmoid(z)) with its weights as trainable variables, on the active backend. The same seed gives
 * the same numbers on every backend.
 *
 * @param dim - Output dimension D (the input has D + 1 columns).
 * @param hidden - Hidden widths.
 * @param seed - Weight seed.
 * @returns The MLP; the caller disposes it.
 */
export function createSiluMlp(dim: number, hidden: readonly number[], seed: number): SiluMlp {
  const source = randomMlpField({ dim, hidden, seed });
  // tf.variable shares each weight's buffer, which outlives the disposed source tensors.
  const variables = source.weights.map((w) => tf.variable(w));
  source.dispose();
  const apply = (x: tf.Tensor) =>
    tf.tidy(() => {
      let h = x;
      for (let l = 0; l < variables.length; l += 2) {
        h = tf.add(tf.matMul(h, variables[l] as tf.Tensor), variables[l + 1] as tf.Tensor);
        if (l + 2 < variables.length) h = tf.mul(h, tf.sigmoid(h));
      }
      return h;
    });
  return { variables, apply, dispose: () => tf.dispose([...variables]) };
}

/**
 * One optimiser update of an MLP regressing `target` from `x` by mean squared error; reads the loss back (so the
 * step has finished on any backend) and disposes every temporary.
 *
 * @param mlp - The model.
 * @param optimizer - The optimiser (e.g. `tf.train.adam(1e-3)`).
 * @param x - Inputs [N, in].
 * @param target - Targets [N, out].
 * @returns The loss before the update.
 */
export async function regressionStep(
  mlp: SiluMlp,
  optimizer: tf.Optimizer,
  x: tf.Tensor,
  target: tf.Tensor,
): Promise<number> {
  const { value, grads } = tf.variableGrads(
    () => tf.tidy(() => tf.mean(tf.square(tf.sub(mlp.apply(x), target))) as tf.Scalar),
    [...mlp.variables],
  );
  optimizer.applyGradients(grads);
  const loss = (await value.data())[0] as number;
  tf.dispose([value, ...Object.values(grads)]);
  return loss;
}
