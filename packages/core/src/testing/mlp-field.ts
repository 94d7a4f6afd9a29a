import * as tf from '@tensorflow/tfjs';
import { Rng } from '../random/rng.js';
import type { VectorField } from '../types.js';

/** Options of {@link randomMlpField}. */
export interface RandomMlpFieldOptions {
  /** Data dimension D. */
  dim: number;
  /** Hidden layer widths (default [256, 256, 256]). */
  hidden?: readonly number[];
  /** Weight seed (default 0). */
  seed?: number;
}

/** A randomly initialised MLP vector field, for tests and benchmarks. */
export interface RandomMlpField {
  /** u(t, x) = MLP([x, t]) with SiLU activations; [N, D] → [N, D]. */
  readonly field: VectorField;
  /** The weight and bias tensors, in layer order. */
  readonly weights: readonly tf.Tensor[];
  /** Disposes every weight. */
  dispose(): void;
}

/**
 * An untrained MLP vector field u(t, x) = W_L·σ(…σ(W_1·[x, t] + b_1)…) + b_L with SiLU σ and Glorot-uniform
 * weights drawn from a seed: the standard "3×256 MLP" workload of gen's benchmarks and divergence tests.
 *
 * @param options - Dimension, hidden widths, seed.
 * @returns The field and its weights; the caller owns them and calls `dispose()`.
 * @example
 * ```ts
 * const mlp = randomMlpField({ dim: 2 });
 * const u = mlp.field(0.5, x); // [N, 2]
 * mlp.dispose();
 * ```
 */
export function randomMlpField(options: RandomMlpFieldOptions): RandomMlpField {
  const { dim, hidden = [256, 256, 256], seed = 0 } = options;
  const rng = new Rng(seed);
  const widths = [dim + 1, ...hidden, dim];
  const weights: tf.Tensor[] = [];
  for (let l = 0; l + 1 < widths.length; l += 1) {
    const fanIn = widths[l] as number;
    const fanOut = widths[l + 1] as number;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = rng.fillUniform(new Float32Array(fanIn * fanOut)).map((u) => (2 * u - 1) * limit);
    weights.push(tf.tensor2d(w, [fanIn, fanOut]), tf.zeros([fanOut]));
  }
  const field: VectorField = (t, x) =>
    tf.tidy(() => {
      let h: tf.Tensor = tf.concat([x, tf.fill([x.shape[0] as number, 1], t)], 1);
      for (let l = 0; l < weights.length; l += 2) {
        h = tf.add(tf.matMul(h, weights[l] as tf.Tensor), weights[l + 1] as tf.Tensor);
        if (l + 2 < weights.length) h = tf.mul(h, tf.sigmoid(h));
      }
      return h;
    });
  return { field, weights, dispose: () => tf.dispose(weights) };
}
