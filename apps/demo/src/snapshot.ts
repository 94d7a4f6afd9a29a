import {
  type Adam,
  type AdamState,
  type MlpVectorField,
  type MlpVectorFieldConfig,
  mlpVectorField,
  type ObjectiveName,
} from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { webglContextLost } from './context-loss';
import { createAdam } from './model';
import { session, state } from './state';

/** A host copy of the model and its training state: what survives a lost WebGL context. */
export interface ModelSnapshot {
  /** The model's config. */
  config: MlpVectorFieldConfig;
  /** The value of every named variable of the model (trainable or not). */
  weights: Record<string, Float32Array>;
  /** Adam's step and moments. */
  adam: AdamState;
  /** Updates done. */
  step: number;
  /** The loss of each update done. */
  losses: number[];
  /** The objective the model was trained with. */
  objective: ObjectiveName | null;
}

/**
 * Copies the model and Adam's moments to the host into `session.snapshot`. Reads are synchronous: an asynchronous
 * read on a lost WebGL context never resolves. Nothing is kept when the context is lost (the values would be
 * garbage); the previous snapshot stays.
 */
export function takeSnapshot(): void {
  const { model, adam } = session;
  if (model === undefined || adam === undefined || webglContextLost()) return;
  const weights: Record<string, Float32Array> = {};
  for (const [name, variable] of Object.entries(model.namedVariables))
    weights[name] = variable.dataSync() as Float32Array;
  const adamState = adam.getState();
  if (webglContextLost()) return;
  session.snapshot = {
    config: model.config,
    weights,
    adam: adamState,
    step: state.step,
    losses: [...state.losses],
    objective: state.modelObjective,
  };
}

/** Rebuilds the model and its Adam optimiser from a snapshot on the active backend, with its step and losses. */
export function restoreSnapshot(snapshot: ModelSnapshot): void {
  const model: MlpVectorField = mlpVectorField(snapshot.config);
  let adam: Adam;
  try {
    tf.tidy(() => {
      for (const [name, variable] of Object.entries(model.namedVariables))
        variable.assign(tf.tensor(snapshot.weights[name] as Float32Array, variable.shape));
    });
    adam = createAdam(model);
    adam.setState(snapshot.adam);
  } catch (error) {
    model.dispose();
    throw error;
  }
  session.model = model;
  session.adam = adam;
  session.snapshot = snapshot;
  state.step = snapshot.step;
  state.losses = [...snapshot.losses];
  state.modelObjective = snapshot.objective;
}
