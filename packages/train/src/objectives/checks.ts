import { InvalidArgumentError, ShapeError } from '@gen/core';
import { assertInteger, assertTensor } from '@gen/core/internal';
import { assertBatchLabels } from '../conditioning/labels.js';
import type { TrainableField } from '../types.js';

/**
 * Checks the arguments of `Objective.loss`.
 *
 * @param model - Must be callable with a `forwardTimes` method.
 * @param batch - Must be a live float32 tensor [N, ...sampleShape] of rank ≥ 2 with every size ≥ 1.
 * @param seed - Must be a non-negative safe integer.
 * @param labels - Must be absent for an unconditional model; for a model with `classes` K, absent or an int32
 *   tensor [N] of values in 0..K (read back once).
 * @returns N and D, the product of the sample shape.
 * @throws `InvalidArgumentError` naming `model`, `batch`, `seed` or `labels`; `ShapeError` naming `batch` or
 *   `labels`.
 */
export function assertLossArgs(model: unknown, batch: unknown, seed: unknown, labels?: unknown): [number, number] {
  if (typeof model !== 'function' || typeof (model as { forwardTimes?: unknown }).forwardTimes !== 'function') {
    throw new InvalidArgumentError('model', 'a TrainableField (callable, with forwardTimes)', model);
  }
  const x = assertTensor('batch', batch, { dtype: 'float32' });
  if (x.rank < 2 || x.shape.some((size) => size < 1)) {
    throw new ShapeError('batch', '[N ≥ 1, ...sampleShape] of rank ≥ 2 (e.g. [N, D] or [N, H, W, C])', x.shape);
  }
  assertInteger('seed', seed);
  const [n = 0] = x.shape;
  assertBatchLabels('labels', labels, n, (model as TrainableField).classes);
  return [n, x.size / n];
}
