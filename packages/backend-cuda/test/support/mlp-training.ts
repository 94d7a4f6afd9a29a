import { Rng } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { createSiluMlp, regressionStep } from './silu-mlp.js';

/** What {@link trainSmallMlp} returns: host copies only. */
export interface TrainingRun {
  /** The loss before each update. */
  readonly losses: number[];
  /** Every parameter after the last update, in layer order (W₁, b₁, W₂, b₂). */
  readonly parameters: Float32Array[];
}

const BATCH = 64;

/**
 * A few Adam updates (learning rate 1e-2) of a 3 → 32 → 2 SiLU MLP regressing (sin x₂, sin x₁) from (x₁, x₂, x₃) on
 * 64 seeded points, on the active backend. Disposes everything it creates.
 *
 * @param steps - Number of updates.
 * @returns The losses and final parameters.
 */
export async function trainSmallMlp(steps: number): Promise<TrainingRun> {
  const points = new Rng(7).fillUniform(new Float32Array(BATCH * 3)).map((u) => 4 * u - 2);
  const x = tf.tensor2d(points, [BATCH, 3]);
  // Row n holds (sin x₂, sin x₁) of point n; computed on the host, so every backend reads the same numbers.
  const target = tf.tensor2d(
    Float32Array.from({ length: BATCH * 2 }, (_, i) => Math.sin(points[3 * (i >> 1) + 1 - (i & 1)] as number)),
    [BATCH, 2],
  );
  const mlp = createSiluMlp(2, [32], 3);
  const optimizer = tf.train.adam(1e-2);
  const losses: number[] = [];
  for (let step = 0; step < steps; step += 1) losses.push(await regressionStep(mlp, optimizer, x, target));
  const parameters = (await Promise.all(mlp.variables.map((v) => v.data()))) as Float32Array[];
  optimizer.dispose();
  mlp.dispose();
  tf.dispose([x, target]);
  return { losses, parameters };
}
