import {
  loadMlpVectorField,
  loadModel,
  type MlpVectorField,
  modelToSafetensors,
  type ObjectiveName,
  saveMlpVectorField,
} from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { setStatus, ui } from './dom';
import { createAdam, resetModel } from './model';
import { DEFAULT_OBJECTIVE, savedObjective } from './objective-choices';
import { selectedObjective } from './objectives';
import { updateMethods } from './sampling';
import { takeSnapshot } from './snapshot';
import { session, state } from './state';

/** Where the model is stored in the browser. */
const STORE_URL = 'indexeddb://gen-demo';

/** A handler that stores the model's objective in `userDefinedMetadata.objective` next to the config. */
function savingObjective(handler: tf.io.IOHandler, objective: ObjectiveName): tf.io.IOHandler {
  const save = handler.save;
  if (save === undefined) throw new Error('This destination cannot save.');
  return {
    save: (artifacts) =>
      save.call(handler, { ...artifacts, userDefinedMetadata: { ...artifacts.userDefinedMetadata, objective } }),
  };
}

/**
 * A handler that reads the objective saved by {@link savingObjective} (OT-CFM for models saved without one; the
 * former names `ml` and `vp-dsm` read as `likelihood` and `dsm`).
 */
function loadingObjective(handler: tf.io.IOHandler): { handler: tf.io.IOHandler; objective: () => ObjectiveName } {
  const load = handler.load;
  if (load === undefined) throw new Error('This source cannot load.');
  let objective: ObjectiveName = DEFAULT_OBJECTIVE;
  return {
    handler: {
      load: async () => {
        const artifacts = await load.call(handler);
        objective = savedObjective(artifacts.userDefinedMetadata?.objective);
        return artifacts;
      },
    },
    objective: () => objective,
  };
}

async function saveTo(handler: tf.io.IOHandler, where: string): Promise<void> {
  if (session.model === undefined || state.modelObjective === null)
    throw new Error('No model to save: train one first.');
  await saveMlpVectorField(session.model, savingObjective(handler, state.modelObjective));
  setStatus(`Saved the model (${state.modelObjective}) to ${where}.`);
}

async function loadFrom(source: tf.io.IOHandler, where: string): Promise<void> {
  const { handler, objective } = loadingObjective(source);
  install(await loadMlpVectorField(handler), objective(), where, '');
}

/**
 * Loads a `.safetensors` model file (from `gen export`, `saveModel`, PyTorch's gen_torch or this demo). The file
 * does not record its objective: it is sampled with the objective selected when it is loaded.
 */
async function loadSafetensors(file: File): Promise<void> {
  const objective = selectedObjective();
  const loaded = await loadModel(file);
  if (!('dim' in loaded.config)) {
    loaded.dispose();
    throw new Error(`${file.name} holds a U-Net; this mode trains MLPs on 2-D points.`);
  }
  install(
    loaded as MlpVectorField,
    objective,
    file.name,
    ` A .safetensors file does not record its objective: it is sampled as ${objective}, the one selected.`,
  );
}

/** Makes a loaded model the demo's, with a new Adam, after checking its dimension. */
function install(loaded: MlpVectorField, objective: ObjectiveName, where: string, note: string): void {
  if (loaded.config.dim !== session.data.dim) {
    loaded.dispose();
    throw new Error(`The model in ${where} has D = ${loaded.config.dim} but the data have D = ${session.data.dim}.`);
  }
  resetModel();
  session.model = loaded;
  session.adam = createAdam(loaded);
  state.modelObjective = objective;
  takeSnapshot();
  ui.objective.value = state.modelObjective;
  updateMethods();
  ui.width.value = String(loaded.config.hidden[0] ?? ui.width.value);
  ui.depth.value = String(loaded.config.hidden.length);
  setStatus(
    `Loaded the model (${state.modelObjective}) from ${where} (hidden [${loaded.config.hidden.join(', ')}]).${note}`,
  );
}

/** Saves the model to IndexedDB. */
export async function runSave(): Promise<void> {
  const [handler] = tf.io.getSaveHandlers(STORE_URL);
  if (handler === undefined) throw new Error(`No tf.io handler for ${STORE_URL}.`);
  await saveTo(handler, STORE_URL);
}

/** Loads the model from IndexedDB. */
export async function runLoad(): Promise<void> {
  const [handler] = tf.io.getLoadHandlers(STORE_URL);
  if (handler === undefined) throw new Error(`No tf.io handler for ${STORE_URL}.`);
  await loadFrom(handler, STORE_URL);
}

/** Downloads the model as gen-demo.json and gen-demo.weights.bin. */
export async function runDownload(): Promise<void> {
  // tfjs 4.22 does not export tf.io.browserDownloads; its `downloads://` save router builds the same handler.
  const [handler] = tf.io.getSaveHandlers('downloads://gen-demo');
  if (handler === undefined) throw new Error('No tf.io handler for downloads://gen-demo.');
  await saveTo(handler, 'gen-demo.json + gen-demo.weights.bin (downloads)');
}

/**
 * Downloads the model as gen-demo.safetensors: the file that `loadModel`, `gen sample --model` and PyTorch's
 * `gen_torch.load_safetensors` read (weights and config; not the objective).
 */
export async function runDownloadSafetensors(): Promise<void> {
  if (session.model === undefined || state.modelObjective === null)
    throw new Error('No model to save: train one first.');
  const bytes = await modelToSafetensors(session.model);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'gen-demo.safetensors';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  setStatus(`Saved the model (${state.modelObjective}) to gen-demo.safetensors (downloads).`);
}

/** Loads a model dropped on the page: a `.safetensors` file. */
export async function runDrop(files: readonly File[]): Promise<void> {
  const file = files.find((f) => f.name.toLowerCase().endsWith('.safetensors'));
  if (file === undefined) throw new Error('Drop a .safetensors model file to load it.');
  await loadSafetensors(file);
}

/** Loads a model picked in the upload input: a `.safetensors` file, or the two files of a tf.io download. */
export async function runUpload(): Promise<void> {
  const files = Array.from(ui.upload.files ?? []);
  ui.upload.value = '';
  const safetensors = files.find((f) => f.name.toLowerCase().endsWith('.safetensors'));
  if (safetensors !== undefined) return loadSafetensors(safetensors);
  const json = files.find((f) => f.name.endsWith('.json'));
  const weights = files.filter((f) => f !== json);
  if (json === undefined || weights.length === 0)
    throw new Error('Pick both files of a downloaded model: gen-demo.json and gen-demo.weights.bin.');
  await loadFrom(tf.io.browserFiles([json, ...weights]), files.map((f) => f.name).join(' + '));
}
