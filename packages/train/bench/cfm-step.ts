/**
 * The training step that gen's CPU benchmarks time (bench/cpu-speed.ts, bench/threads-speed.ts) and PyTorch's side
 * repeats: one conditional-flow-matching Adam(1e-3) step of a vector field on fixed random 2-D data.
 */
import { randomNormal, randomUniform } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import type { MlpVectorField } from '../src/models/index.js';
import type { Adam } from '../src/optim/adam.js';

/**
 * A CFM step at a fixed batch: x_t = (1 − t)·x₀ + t·x₁ with target x₁ − x₀ (x₀ ~ N(0, I), x₁ ~ N(2, 0.5²I), t ~ U(0, 1),
 * seeds 1–3), the mean squared error, its gradients and one `adam` update of `model`'s variables.
 *
 * @param model - The field; its variables are updated by each call.
 * @param adam - gen's Adam over `model.variables`.
 * @param batch - Rows of the fixed data.
 * @returns The step. The fixed data lives as long as the process (a benchmark's whole run).
 * @example
 * ```ts
 * const step = fixedCfmStep(model, new Adam([...model.variables]), 256);
 * step();
 * ```
 */
export function fixedCfmStep(model: MlpVectorField, adam: Adam, batch: number): () => void {
  const variables = [...model.variables];
  const [x0, x1, t] = [randomNormal([batch, 2], 1), randomNormal([batch, 2], 2, 2, 0.5), randomUniform([batch], 3)];
  const [xt, target] = tf.tidy(() => {
    const tc = tf.reshape(t, [-1, 1]);
    return [tf.add(tf.mul(tf.sub(1, tc), x0), tf.mul(tc, x1)), tf.sub(x1, x0)];
  });
  tf.dispose([x0, x1]);
  return () => {
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.mean(tf.square(tf.sub(model.forwardTimes(t, xt), target))) as tf.Scalar,
        variables,
      );
      value.dataSync();
      adam.apply(
        variables.map((v) => grads[v.name] as tf.Tensor),
        1e-3,
      );
    });
  };
}
