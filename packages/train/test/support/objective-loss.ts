import type * as tf from '@tensorflow/tfjs';
import type { Objective } from '../../src/objectives/index.js';
import type { TrainableField } from '../../src/types.js';

/** Reads a scalar loss and disposes it. */
export const value = (loss: tf.Scalar): number => {
  const v = loss.dataSync()[0] as number;
  loss.dispose();
  return v;
};

/** The loss as a number, without leaking. */
export const lossOf = (objective: Objective, model: TrainableField, batch: tf.Tensor, seed: number): number =>
  value(objective.loss(model, batch, seed));
