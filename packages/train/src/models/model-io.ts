import { InvalidArgumentError } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { readFileBytes, writeFileAtomically } from '../io/node-files.js';
import { readSafetensors, type SafetensorsTensor } from '../io/safetensors/read.js';
import { type Float32TensorEntry, writeSafetensors } from '../io/safetensors/write.js';
import { resolveMlpConfig } from './config.js';
import { mlpFromStateDict, mlpStateDict } from './mlp-state-dict.js';
import { type MlpVectorField, restoreMlpVectorField } from './mlp-vector-field.js';
import {
  decodeArtifactWeights,
  loadArtifacts,
  MLP_VECTOR_FIELD_FORMAT,
  saveArtifacts,
  saveMlpVectorField,
} from './serialization.js';
import { resolveUnetConfig } from './unet/config.js';
import { unetFromStateDict, unetStateDict } from './unet/state-dict.js';
import { restoreUnetVectorField, type UnetVectorField } from './unet/unet-vector-field.js';

/** The kinds of model that {@link saveModel} and {@link loadModel} handle (the kind names in a file's metadata). */
export const MODEL_KINDS = ['mlp', 'unet'] as const;

/** A kind of model in {@link MODEL_KINDS}. */
export type ModelKind = (typeof MODEL_KINDS)[number];

/** A model {@link loadModel} returns and {@link saveModel} accepts, of one of the {@link MODEL_KINDS}. */
export type GenModel = MlpVectorField | UnetVectorField;

/** The `format` field of a U-Net's tf.io artifacts (see {@link saveModel}). */
export const UNET_VECTOR_FIELD_FORMAT = 'gen-unet-vector-field';

/** The `__metadata__` key under which gen's safetensors files carry `{ kind, config, version }` as JSON. */
export const SAFETENSORS_METADATA_KEY = 'gen';

/** The version of the `"gen"` metadata that gen writes and reads. */
export const SAFETENSORS_METADATA_VERSION = 1;

/** Where {@link loadModel} reads a model from. */
export type ModelSource = string | Blob | Uint8Array | ArrayBuffer | tf.io.IOHandler;

/** How one kind of model maps to and from a PyTorch twin's state_dict and gen's tf.io artifacts. */
interface ModelCodec {
  /** The twin's state_dict of a model, in PyTorch's layout. */
  stateDict(model: GenModel): Promise<Float32TensorEntry[]>;
  /** Validates a stored config and builds the model from a file's tensors. */
  fromStateDict(config: unknown, tensors: ReadonlyMap<string, SafetensorsTensor>, parameter: string): GenModel;
  /** The `format` of its tf.io artifacts. */
  readonly format: string;
  /** Saves it as tf.io artifacts. */
  save(model: GenModel, target: string | tf.io.IOHandler): Promise<unknown>;
  /** Validates a stored config and returns what builds the model from tf.io weights by gen name. */
  restorer(config: unknown): (weights: Readonly<Record<string, tf.Tensor>>) => GenModel;
}

const CODECS: Readonly<Record<ModelKind, ModelCodec>> = {
  mlp: {
    stateDict: (model) => mlpStateDict(model as MlpVectorField),
    fromStateDict: (config, tensors, parameter) =>
      mlpFromStateDict(resolveMlpConfig(config, metadataConfigLabel(parameter)), tensors, parameter),
    format: MLP_VECTOR_FIELD_FORMAT,
    save: (model, target) => saveMlpVectorField(model as MlpVectorField, target),
    restorer: (config) => {
      const resolved = resolveMlpConfig(config, 'userDefinedMetadata.config');
      return (weights) => restoreMlpVectorField(resolved, weights, 'weights');
    },
  },
  unet: {
    stateDict: (model) => unetStateDict(model as UnetVectorField),
    fromStateDict: (config, tensors, parameter) =>
      unetFromStateDict(resolveUnetConfig(config, metadataConfigLabel(parameter)), tensors, parameter),
    format: UNET_VECTOR_FIELD_FORMAT,
    save: (model, target) =>
      saveArtifacts(target, {
        className: 'UnetVectorField',
        format: UNET_VECTOR_FIELD_FORMAT,
        config: model.config,
        namedVariables: model.namedVariables,
      }),
    restorer: (config) => {
      const resolved = resolveUnetConfig(config, 'userDefinedMetadata.config');
      return (weights) => restoreUnetVectorField(resolved, weights, 'weights');
    },
  },
};

/** Where a safetensors file's model config is, in error messages. */
function metadataConfigLabel(parameter: string): string {
  return `${parameter}.__metadata__.${SAFETENSORS_METADATA_KEY}.config`;
}

/**
 * Loads a model saved by {@link saveModel}: a safetensors file (from gen or its PyTorch twin) or gen's tf.io
 * format.
 *
 * @remarks
 * Sources:
 * - a path ending in `.safetensors` (Node only; `file://` in front is allowed), read and parsed by
 *   {@link modelFromSafetensors}; an `http(s)://` URL ending in `.safetensors`, fetched;
 * - a browser `File` or any `Blob`, a `Uint8Array` or an `ArrayBuffer` holding a safetensors file;
 * - any other string, or a `tf.io.IOHandler`: gen's tf.io format, loaded by {@link loadMlpVectorField}
 *   (`file://<dir>`, `indexeddb://<name>`, …).
 *
 * A safetensors file names its model kind and config in its metadata, so nothing else is needed; it is untrusted
 * input, checked before anything is allocated from it (see `readSafetensors`).
 *
 * @param source - Where the model is.
 * @returns A new model owned by the caller (call `dispose()`).
 * @throws `InvalidArgumentError` naming `source` for an unreadable file, a malformed safetensors file, missing
 *   or invalid gen metadata, or missing, extra or non-float tensors (named `source["layers.0.weight"]`);
 *   `ShapeError` for a tensor of the wrong shape; for tf.io sources, what {@link loadMlpVectorField} throws.
 * @example
 * ```ts
 * const model = await loadModel('runs/moons/model.safetensors');       // Node
 * const fromInput = await loadModel(fileInput.files[0]);              // browser
 * const u = model(0.5, x);
 * ```
 * @see saveModel
 */
export async function loadModel(source: ModelSource): Promise<GenModel> {
  if (typeof source === 'string') {
    if (/^https?:\/\/.*\.safetensors$/i.test(source)) return modelFromSafetensors(await download(source), 'source');
    const path = safetensorsPath(source);
    if (path === undefined) return loadTfjsModel(source);
    return modelFromSafetensors(await readFileBytes(path, 'source'), 'source');
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    return modelFromSafetensors(new Uint8Array(await source.arrayBuffer()), 'source');
  }
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return modelFromSafetensors(source, 'source');
  if (typeof source === 'object' && source !== null && typeof (source as tf.io.IOHandler).load === 'function') {
    return loadTfjsModel(source as tf.io.IOHandler);
  }
  throw new InvalidArgumentError(
    'source',
    'a path, URL, File, Blob, Uint8Array, ArrayBuffer or tf.io IOHandler with load()',
    source,
  );
}

/**
 * Saves a model as a safetensors file or in gen's tf.io format.
 *
 * @remarks
 * A `target` path ending in `.safetensors` (Node only; `file://` in front is allowed) gets the bytes of
 * {@link modelToSafetensors}, written atomically (a temporary file renamed over the target; parent directories are
 * created). Any other string, or a `tf.io.IOHandler`, goes to {@link saveMlpVectorField} (`file://<dir>`,
 * `indexeddb://<name>`, `downloads://<name>`, …). In a browser, offer a safetensors download with
 * `new Blob([await modelToSafetensors(model)])`.
 *
 * @param model - The model to save; not modified.
 * @param target - A `.safetensors` path, a tf.io URL or an `IOHandler` with `save`.
 * @throws `InvalidArgumentError` naming `model` when it is not a gen model, or `target` when the file cannot be
 *   written; for tf.io targets, what {@link saveMlpVectorField} throws.
 * @example
 * ```ts
 * await saveModel(model, 'runs/moons/model.safetensors'); // then in Python: gen_torch.load_safetensors(path)
 * await saveModel(model, 'file://runs/moons/model');      // gen's tf.io format
 * ```
 * @see loadModel
 */
export async function saveModel(model: GenModel, target: string | tf.io.IOHandler): Promise<void> {
  const path = typeof target === 'string' ? safetensorsPath(target) : undefined;
  if (path === undefined) {
    await CODECS[modelKindOf(model)].save(model, target);
    return;
  }
  await writeFileAtomically(path, await modelToSafetensors(model), 'target');
}

/**
 * The bytes of a safetensors file holding a model: its PyTorch twin's state_dict in float32 (F32) and, under the
 * metadata key `"gen"`, the JSON `{ "kind", "config", "version": 1 }`.
 *
 * @remarks
 * `python/gen_torch.py`'s `load_safetensors` rebuilds the same function in PyTorch from these bytes, and
 * {@link modelFromSafetensors} in gen. The state_dict names and layouts of an `mlp` are those of `mlpStateDict`
 * (`layers.<l>.weight` [out, in], `layers.<l>.bias`, `layers.<l>.spectral_u`, `time_embedding.frequencies`).
 * Browser-safe.
 *
 * @param model - The model; not modified.
 * @returns The file's bytes, owned by the caller.
 * @throws `InvalidArgumentError` naming `model` when it is not a gen model.
 * @example
 * ```ts
 * const bytes = await modelToSafetensors(model);
 * const link = URL.createObjectURL(new Blob([bytes])); // a download in a browser
 * ```
 */
export async function modelToSafetensors(model: GenModel): Promise<Uint8Array<ArrayBuffer>> {
  const kind = modelKindOf(model);
  const metadata = { kind, config: model.config, version: SAFETENSORS_METADATA_VERSION };
  return writeSafetensors(await CODECS[kind].stateDict(model), {
    [SAFETENSORS_METADATA_KEY]: JSON.stringify(metadata),
  });
}

/**
 * Builds a model from the bytes of a safetensors file written by {@link modelToSafetensors} or by
 * `python/gen_torch.py`.
 *
 * @remarks
 * The file is parsed and checked by `readSafetensors`; the metadata key `"gen"` must hold the JSON
 * `{ "kind", "config", "version": 1 }` with a kind of {@link MODEL_KINDS} and a config valid for it; then every
 * tensor of that kind's state_dict must be present with its shape (F32, F16, BF16 or F64, converted to float32),
 * and no other. Browser-safe.
 *
 * @param bytes - The file's bytes; not modified.
 * @param parameter - The name to report in errors (default `'bytes'`).
 * @returns A new model owned by the caller.
 * @throws `InvalidArgumentError` naming `parameter` (or a part of it, such as `bytes.__metadata__.gen.config.dim`
 *   or `bytes["layers.1.bias"]`); `ShapeError` for a tensor of the wrong shape.
 * @example
 * ```ts
 * const copy = modelFromSafetensors(await modelToSafetensors(model));
 * ```
 */
export function modelFromSafetensors(bytes: Uint8Array | ArrayBuffer, parameter = 'bytes'): GenModel {
  const contents = readSafetensors(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes, parameter);
  const label = `${parameter}.__metadata__.${SAFETENSORS_METADATA_KEY}`;
  const text = contents.metadata.get(SAFETENSORS_METADATA_KEY);
  const expected = `the JSON { "kind", "config", "version": ${SAFETENSORS_METADATA_VERSION} } that gen and python/gen_torch.py write`;
  if (text === undefined) throw new InvalidArgumentError(label, expected, 'no such metadata entry');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError(label, expected, 'text that is not JSON');
  }
  if (typeof header !== 'object' || header === null) throw new InvalidArgumentError(label, expected, header);
  const { kind, config, version } = header as Record<string, unknown>;
  if (version !== SAFETENSORS_METADATA_VERSION) {
    throw new InvalidArgumentError(
      `${label}.version`,
      String(SAFETENSORS_METADATA_VERSION),
      typeof version === 'string' ? version.slice(0, 40) : version,
      'The file was written by another version of gen.',
    );
  }
  if (typeof kind !== 'string' || !(MODEL_KINDS as readonly string[]).includes(kind)) {
    throw new InvalidArgumentError(
      `${label}.kind`,
      `one of ${MODEL_KINDS.join(', ')}`,
      typeof kind === 'string' ? kind.slice(0, 40) : kind,
    );
  }
  return CODECS[kind as ModelKind].fromStateDict(config, contents.tensors, parameter);
}

/**
 * Loads gen's tf.io artifacts of any kind: the `format` field picks the kind, the stored config is validated, and
 * the weights are checked before decoding (see `decodeArtifactWeights`).
 */
async function loadTfjsModel(source: string | tf.io.IOHandler): Promise<GenModel> {
  const { artifacts, hint } = await loadArtifacts(source);
  const kind = MODEL_KINDS.find((k) => CODECS[k].format === artifacts.format);
  if (kind === undefined) {
    throw new InvalidArgumentError(
      'handlerOrUrl',
      `artifacts saved by saveModel (format ${MODEL_KINDS.map((k) => `"${CODECS[k].format}"`).join(' or ')})`,
      artifacts.format ?? 'artifacts without a format',
    );
  }
  const restore = CODECS[kind].restorer(artifacts.userDefinedMetadata?.config);
  const weights = decodeArtifactWeights(artifacts, hint);
  try {
    return restore(weights);
  } finally {
    tf.dispose(Object.values(weights));
  }
}

/**
 * The file path of a `.safetensors` location (a plain path, or `file://` and a path), or undefined for anything
 * else (tf.io URLs and directories).
 */
function safetensorsPath(location: string): string | undefined {
  if (!location.toLowerCase().endsWith('.safetensors')) return undefined;
  if (location.startsWith('file://')) return location.slice('file://'.length);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? undefined : location;
}

/** The bytes at an http(s) URL. */
async function download(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'failed';
    throw new InvalidArgumentError('source', 'a URL that can be fetched', url.slice(0, 300), `fetch said: ${reason}.`);
  }
  if (!response.ok) {
    throw new InvalidArgumentError(
      'source',
      'a URL that answers 200 OK',
      url.slice(0, 300),
      `HTTP ${response.status}.`,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** The kind of a model, checked. */
function modelKindOf(model: unknown): ModelKind {
  const parts = model as { namedVariables?: unknown; config?: unknown };
  if (typeof model === 'function' && typeof parts.namedVariables === 'object' && typeof parts.config === 'object') {
    return parts.config !== null && 'imageShape' in parts.config ? 'unet' : 'mlp';
  }
  throw new InvalidArgumentError(
    'model',
    'a gen model (from mlpVectorField, unetVectorField, loadModel or loadMlpVectorField)',
    model,
  );
}
