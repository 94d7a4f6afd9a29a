import type { WebglPrecisionSettings } from '@gen/backend-webgl';
import { type Adam, mlpVectorField } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { createAdam } from './model';
import type { DemoState, ModelSnapshot, TrainedModel } from './state';

/**
 * Copies the model and Adam's moments to the host. Reads are synchronous: an asynchronous read on a lost WebGL
 * context never resolves.
 *
 * @param model - The model; borrowed.
 * @param record - The updates done and their losses.
 * @param contextLost - Whether the backend's context is lost (then nothing is copied: the values would be garbage).
 * @returns The snapshot, or undefined when the context was lost before or during the copy.
 * @example
 * ```ts
 * const snapshot = takeSnapshot(model, { step: 10, losses }, () => false);
 * ```
 */
export function takeSnapshot(
  model: TrainedModel,
  record: { readonly step: number; readonly losses: readonly number[] },
  contextLost: () => boolean,
): ModelSnapshot | undefined {
  if (contextLost()) return undefined;
  const weights: Record<string, Float32Array> = {};
  for (const [name, variable] of Object.entries(model.field.namedVariables))
    weights[name] = variable.dataSync() as Float32Array;
  const adam = model.adam.getState();
  if (contextLost()) return undefined;
  return {
    config: model.field.config,
    weights,
    adam,
    step: record.step,
    losses: [...record.losses],
    objective: model.objective,
  };
}

/**
 * Rebuilds the model and its Adam optimiser from a snapshot on the active backend, with its step and losses.
 *
 * @param snapshot - The host copy.
 * @param precision - The active backend's settings (Adam's ε).
 * @returns The changes: the new model (owned by the state), the snapshot, step and losses.
 * @example
 * ```ts
 * commit(restoreSnapshot(snapshot, precisionOf('wasm')));
 * ```
 */
export function restoreSnapshot(
  snapshot: ModelSnapshot,
  precision: WebglPrecisionSettings,
): Pick<DemoState, 'model' | 'snapshot' | 'step' | 'losses'> {
  const field = mlpVectorField(snapshot.config);
  let adam: Adam | undefined;
  try {
    tf.tidy(() => {
      for (const [name, variable] of Object.entries(field.namedVariables))
        variable.assign(tf.tensor(snapshot.weights[name] as Float32Array, variable.shape));
    });
    adam = createAdam(field, precision);
    adam.setState(snapshot.adam);
    return {
      model: { field, adam, objective: snapshot.objective },
      snapshot,
      step: snapshot.step,
      losses: [...snapshot.losses],
    };
  } catch (error) {
    adam?.dispose();
    field.dispose();
    throw error;
  }
}
