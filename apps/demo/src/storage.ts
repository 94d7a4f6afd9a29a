import type { WebglPrecisionSettings } from '@gen/backend-webgl';
import { InvalidArgumentError } from '@gen/core';
import { loadMlpVectorField, loadModel, type MlpVectorField, type ObjectiveName, saveMlpVectorField } from '@gen/train';
import type * as tf from '@tensorflow/tfjs';
import { createAdam, withoutModel } from './model';
import { DEFAULT_OBJECTIVE, savedObjective } from './objective-choices';
import { takeSnapshot } from './snapshot';
import type { DemoState, TrainedModel } from './state';

/** Where the model is stored in the browser. */
export const STORE_URL = 'indexeddb://gen-demo';

/**
 * A handler that stores the model's objective in `userDefinedMetadata.objective` next to the config.
 *
 * @param handler - Where to save (IndexedDB, downloads, memory).
 * @param objective - The model's objective.
 * @returns A handler that saves through `handler`.
 * @throws `Error` when `handler` cannot save.
 * @example
 * ```ts
 * await saveMlpVectorField(field, savingObjective(tf.io.withSaveHandler(async (a) => …), 'dsm'));
 * ```
 */
export function savingObjective(handler: tf.io.IOHandler, objective: ObjectiveName): tf.io.IOHandler {
  const save = handler.save;
  if (save === undefined) throw new Error('This destination cannot save.');
  return {
    save: (artifacts) =>
      save.call(handler, { ...artifacts, userDefinedMetadata: { ...artifacts.userDefinedMetadata, objective } }),
  };
}

/**
 * Saves the model with its objective.
 *
 * @param model - The model; borrowed.
 * @param handler - Where to save.
 * @example
 * ```ts
 * await saveTrainedModel(state.model, handler);
 * ```
 */
export async function saveTrainedModel(model: TrainedModel, handler: tf.io.IOHandler): Promise<void> {
  await saveMlpVectorField(model.field, savingObjective(handler, model.objective));
}

/** A model read from a file or a store, and the objective to sample it with. */
export interface LoadedModel {
  /** The model; the caller owns it. */
  readonly field: MlpVectorField;
  readonly objective: ObjectiveName;
}

/**
 * Loads a model saved with {@link saveTrainedModel} and the objective it records (OT-CFM for models saved without
 * one; the former names `ml` and `vp-dsm` read as `likelihood` and `dsm`).
 *
 * @param handler - Where to load from.
 * @returns The model and its objective.
 * @throws `Error` when the source cannot load or records an unknown objective (the model is then not kept).
 * @example
 * ```ts
 * const { field, objective } = await loadTrainedModel(tf.io.fromMemory(artifacts));
 * ```
 */
export async function loadTrainedModel(handler: tf.io.IOHandler): Promise<LoadedModel> {
  const load = handler.load;
  if (load === undefined) throw new Error('This source cannot load.');
  let objective: ObjectiveName = DEFAULT_OBJECTIVE;
  const field = await loadMlpVectorField({
    load: async () => {
      const artifacts = await load.call(handler);
      objective = savedObjective(artifacts.userDefinedMetadata?.objective);
      return artifacts;
    },
  });
  return { field, objective };
}

/**
 * Loads a `.safetensors` model file (from `gen export`, `saveModel`, PyTorch's gen_torch or this demo). The file
 * does not record its objective: it is sampled with `selected`.
 *
 * @param file - The file's bytes.
 * @param selected - The selected objective.
 * @returns The model and `selected`.
 * @throws The `GenError` of `loadModel` for a file that is no gen model; an `InvalidArgumentError` naming `file`
 *   for a U-Net file (this page trains models of 2-D points).
 * @example
 * ```ts
 * await loadSafetensors(new Blob([bytes]), 'dsm');
 * ```
 */
export async function loadSafetensors(file: Blob, selected: ObjectiveName): Promise<LoadedModel> {
  const field = await loadModel(file);
  if (!('dim' in field.config)) {
    field.dispose();
    throw new InvalidArgumentError('file', 'an MLP model of 2-D points (this page trains those)', 'a U-Net model file');
  }
  return { field: field as MlpVectorField, objective: selected };
}

/** The files of an upload or a drop, sorted: a `.safetensors` file, or the two files of a tf.io download. */
export type ModelFiles<F> = { kind: 'safetensors'; file: F } | { kind: 'tfjs'; json: F; weights: F[] };

/**
 * Picks the model files out of an upload: a `.safetensors` file when there is one, else a `.json` and its weights.
 *
 * @param files - The files picked.
 * @returns Which files to load.
 * @throws `Error` when neither a `.safetensors` file nor both files of a download were picked.
 * @example
 * ```ts
 * pickModelFiles([{ name: 'gen-demo.json' }, { name: 'gen-demo.weights.bin' }]).kind; // 'tfjs'
 * ```
 */
export function pickModelFiles<F extends { readonly name: string }>(files: readonly F[]): ModelFiles<F> {
  const safetensors = files.find((f) => f.name.toLowerCase().endsWith('.safetensors'));
  if (safetensors !== undefined) return { kind: 'safetensors', file: safetensors };
  const json = files.find((f) => f.name.endsWith('.json'));
  const weights = files.filter((f) => f !== json);
  if (json === undefined || weights.length === 0)
    throw new Error('Pick both files of a downloaded model: gen-demo.json and gen-demo.weights.bin.');
  return { kind: 'tfjs', json, weights };
}

/**
 * Makes a loaded model the demo's, with a new Adam and a snapshot, after checking its dimension against the data.
 *
 * @param state - The demo's state.
 * @param loaded - The model (consumed: owned by the returned state, or disposed when refused).
 * @param where - Where it came from (for the status line).
 * @param note - Appended to the status line.
 * @param precision - The active backend's settings (Adam's ε).
 * @param contextLost - Whether the backend's context is lost (then no snapshot is taken).
 * @returns The changes (the old model dropped).
 * @throws `Error` when the model's D differs from the data's.
 * @example
 * ```ts
 * commit(installModel(state, await loadTrainedModel(handler), 'IndexedDB', '', precision, () => false));
 * ```
 */
export function installModel(
  state: Pick<DemoState, 'data'>,
  loaded: LoadedModel,
  where: string,
  note: string,
  precision: WebglPrecisionSettings,
  contextLost: () => boolean,
): Partial<DemoState> {
  const { field, objective } = loaded;
  if (field.config.dim !== state.data.dim) {
    field.dispose();
    throw new Error(`The model in ${where} has D = ${field.config.dim} but the data have D = ${state.data.dim}.`);
  }
  const model: TrainedModel = { field, adam: createAdam(field, precision), objective };
  return {
    ...withoutModel(),
    model,
    snapshot: takeSnapshot(model, { step: 0, losses: [] }, contextLost),
    objective,
    status: `Loaded the model (${objective}) from ${where} (hidden [${field.config.hidden.join(', ')}]).${note}`,
  };
}
