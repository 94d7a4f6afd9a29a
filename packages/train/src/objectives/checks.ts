import { InvalidArgumentError, ShapeError } from '@gen/core';
import { assertInteger, assertTensor } from '@gen/core/internal';
import type * as tf from '@tensorflow/tfjs';

/**
 * Checks the arguments of `Objective.loss`.
 *
 * @param model - Must be callable with a `forwardTimes` method.
 * @param batch - Must be a live float32 tensor [N, D] with N, D ≥ 1.
 * @param seed - Must be a non-negative safe integer.
 * @returns N and D.
 * @throws `InvalidArgumentError` naming `model`, `batch` or `seed`; `ShapeError` naming `batch`.
 */
export function assertLossArgs(model: unknown, batch: unknown, seed: unknown): [number, number] {
  if (typeof model !== 'function' || typeof (model as { forwardTimes?: unknown }).forwardTimes !== 'function') {
    throw new InvalidArgumentError('model', 'a TrainableField (callable, with forwardTimes)', model);
  }
  const x = assertTensor('batch', batch, { rank: 2, dtype: 'float32' }) as tf.Tensor2D;
  const [n, d] = x.shape;
  if (n < 1 || d < 1) throw new ShapeError('batch', '[N ≥ 1, D ≥ 1]', x.shape);
  assertInteger('seed', seed);
  return [n, d];
}
