import type { ObjectiveName } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { newModel } from '../../src/model.js';
import { precisionOf } from '../../src/precision.js';
import type { TrainedModel } from '../../src/state.js';

/** A seeded MLP model (width 16, depth 2, D = 2) with its Adam, on the active backend; the caller disposes it. */
export function smallModel(objective: ObjectiveName = 'ot-cfm', seed = 0): TrainedModel {
  return newModel({ objective, width: 16, depth: 2, seed }, 2, precisionOf('cpu'));
}

/** A model whose every weight is 0: its output is 0 for every (t, x), so its flow is the identity. */
export function zeroModel(objective: ObjectiveName = 'ot-cfm'): TrainedModel {
  const model = smallModel(objective);
  tf.tidy(() => {
    for (const variable of Object.values(model.field.namedVariables)) variable.assign(tf.zerosLike(variable));
  });
  return model;
}

/** Disposes a model and its Adam. */
export function disposeModel(model: TrainedModel): void {
  model.field.dispose();
  model.adam.dispose();
}
