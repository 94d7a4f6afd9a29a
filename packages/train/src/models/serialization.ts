import { InvalidArgumentError } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { resolveMlpConfig } from './config.js';
import { fileSystemHandler } from './file-handler.js';
import { type MlpVectorField, restoreMlpVectorField } from './mlp-vector-field.js';

/** The `format` field of saved {@link MlpVectorField} artifacts. */
export const MLP_VECTOR_FIELD_FORMAT = 'gen-mlp-vector-field';

/**
 * Saves a model's config and whole state through a `tf.io` handler or URL.
 *
 * @remarks
 * The artifacts are `format: "gen-mlp-vector-field"`, `generatedBy: "@gen/train"`, a small `modelTopology`
 * (`{ class: "MlpVectorField", version: 1 }`), the config in `userDefinedMetadata.config`, and every tensor of
 * {@link MlpVectorField.namedVariables} as float32 weights (kernels, biases, power-iteration vectors, Fourier
 * frequencies), so {@link loadMlpVectorField} rebuilds a model with bit-identical outputs.
 *
 * Destinations: `file://<dir>` in Node (see {@link fileSystemHandler}); any URL that tf.io has a save router for
 * (in a browser `indexeddb://<name>`, `localstorage://<name>`, `downloads://<name>`; `http(s)://` posts the files);
 * or an `IOHandler` object such as `tf.io.withSaveHandler(fn)`.
 *
 * @param model - The model to save; not modified.
 * @param handlerOrUrl - A URL or an `IOHandler` with `save`.
 * @returns What the handler reports (`modelArtifactsInfo`, …).
 * @throws `InvalidArgumentError` when `model` is not an {@link MlpVectorField}, or `handlerOrUrl` is neither a
 *   URL with exactly one save handler nor an object with `save`; whatever the handler throws.
 * @example
 * ```ts
 * await saveMlpVectorField(model, 'file://./checkpoints/flow');   // Node
 * await saveMlpVectorField(model, 'indexeddb://flow');            // browser
 * ```
 * @see loadMlpVectorField
 */
export async function saveMlpVectorField(
  model: MlpVectorField,
  handlerOrUrl: string | tf.io.IOHandler,
): Promise<tf.io.SaveResult> {
  if (typeof model !== 'function' || typeof model.namedVariables !== 'object' || typeof model.config !== 'object') {
    throw new InvalidArgumentError('model', 'an MlpVectorField (from mlpVectorField or loadMlpVectorField)', model);
  }
  return saveArtifacts(handlerOrUrl, {
    className: 'MlpVectorField',
    format: MLP_VECTOR_FIELD_FORMAT,
    config: { ...model.config, hidden: [...model.config.hidden] },
    namedVariables: model.namedVariables,
  });
}

/** What {@link saveArtifacts} writes for one model. */
export interface ModelArtifactsContent {
  /** The model's class name, stored as `modelTopology.class`. */
  readonly className: string;
  /** The artifacts' `format` field. */
  readonly format: string;
  /** The model's config, stored as `userDefinedMetadata.config` (JSON). */
  readonly config: object;
  /** Every tensor of the model's state by name. */
  readonly namedVariables: Readonly<Record<string, tf.Tensor>>;
}

/**
 * Saves a model's config and named tensors as tf.io artifacts: the format of {@link saveMlpVectorField}, shared by
 * every model kind (`format` tells them apart).
 *
 * @param handlerOrUrl - A URL or an `IOHandler` with `save`.
 * @param content - The class name, format, config and tensors.
 * @returns What the handler reports.
 * @throws `InvalidArgumentError` when `handlerOrUrl` is neither a URL with exactly one save handler nor an object
 *   with `save`; whatever the handler throws.
 * @example
 * ```ts
 * await saveArtifacts('file://runs/unet', { className: 'UnetVectorField', format, config, namedVariables });
 * ```
 */
export async function saveArtifacts(
  handlerOrUrl: string | tf.io.IOHandler,
  content: ModelArtifactsContent,
): Promise<tf.io.SaveResult> {
  const handler = resolveHandler(handlerOrUrl, 'save');
  const { data, specs } = await tf.io.encodeWeights(content.namedVariables);
  return handler.save({
    modelTopology: { class: content.className, version: 1 },
    format: content.format,
    generatedBy: '@gen/train',
    convertedBy: null,
    weightSpecs: specs,
    weightData: data,
    userDefinedMetadata: { config: content.config },
  });
}

/**
 * Loads a model saved by {@link saveMlpVectorField}.
 *
 * @remarks
 * Sources: `file://<dir>` (or `file://<dir>/model.json`) in Node; any URL tf.io has a load router for
 * (`indexeddb://`, `localstorage://`, `http(s)://` in a browser); or an `IOHandler` with `load`, such as
 * `tf.io.fromMemory(artifacts)`. The stored config is validated like the options of {@link mlpVectorField}; the
 * weight specs must be an array of uniquely named, unquantized float32 entries with shapes of non-negative integers,
 * and the weight data exactly as long as they describe (checked before anything is decoded, so a damaged file costs
 * no more memory than its size); every weight must be present with its float32 shape. The loaded model computes
 * bit-identical outputs to the saved one. Messages echo at most 80 characters of what was read.
 *
 * @param handlerOrUrl - A URL or an `IOHandler` with `load`.
 * @returns A new model owned by the caller (call `dispose()`).
 * @throws `InvalidArgumentError` when `handlerOrUrl` is invalid, the artifacts are not an MlpVectorField
 *   (`format` differs), the stored config is invalid (named e.g. `"userDefinedMetadata.config.dim"`), a weight spec
 *   is malformed (named e.g. `"weightSpecs[2].dtype"`), the data is shorter or longer than the specs
 *   (`"weightData"`), or a weight is missing or extra; `ShapeError` for a weight of the wrong shape; whatever the
 *   handler throws (for `file://`, an `InvalidArgumentError` naming `path` for a missing or malformed file; see
 *   {@link fileSystemHandler}). A failed load leaves the tensor count unchanged.
 * @example
 * ```ts
 * const model = await loadMlpVectorField('file://./checkpoints/flow');
 * const u = model(0.5, x);
 * ```
 * @see saveMlpVectorField
 */
export async function loadMlpVectorField(handlerOrUrl: string | tf.io.IOHandler): Promise<MlpVectorField> {
  const { artifacts, hint } = await loadArtifacts(handlerOrUrl);
  if (artifacts.format !== MLP_VECTOR_FIELD_FORMAT) {
    throw new InvalidArgumentError(
      'handlerOrUrl',
      `artifacts saved by saveMlpVectorField (format "${MLP_VECTOR_FIELD_FORMAT}")`,
      artifacts.format ?? 'artifacts without a format',
    );
  }
  const config = resolveMlpConfig(artifacts.userDefinedMetadata?.config, 'userDefinedMetadata.config');
  const weights = decodeArtifactWeights(artifacts, hint);
  try {
    return restoreMlpVectorField(config, weights, 'weights');
  } finally {
    tf.dispose(Object.values(weights));
  }
}

/**
 * Reads tf.io artifacts from a URL or handler.
 *
 * @param handlerOrUrl - A URL or an `IOHandler` with `load`.
 * @returns The artifacts and a hint naming where they came from, for error messages.
 * @throws `InvalidArgumentError` when `handlerOrUrl` is invalid; whatever the handler throws.
 * @example
 * ```ts
 * const { artifacts, hint } = await loadArtifacts('file://runs/unet');
 * ```
 */
export async function loadArtifacts(
  handlerOrUrl: string | tf.io.IOHandler,
): Promise<{ artifacts: tf.io.ModelArtifacts; hint: string }> {
  const handler = resolveHandler(handlerOrUrl, 'load');
  const artifacts = await handler.load();
  const hint = `Loading ${typeof handlerOrUrl === 'string' ? handlerOrUrl : 'from an IOHandler'}.`;
  return { artifacts, hint };
}

/**
 * The weights of tf.io artifacts as tensors by name, after checking the specs and the data length (before anything
 * is decoded, so a damaged file costs no more memory than its size).
 *
 * @param artifacts - Loaded artifacts.
 * @param hint - Appended to error messages (where the artifacts came from).
 * @returns float32 tensors by name, owned by the caller.
 * @throws `InvalidArgumentError` naming `weightSpecs[i]…` for a malformed spec or `weightData` for data shorter or
 *   longer than the specs describe.
 * @example
 * ```ts
 * const weights = decodeArtifactWeights(artifacts, hint);
 * ```
 */
export function decodeArtifactWeights(artifacts: tf.io.ModelArtifacts, hint: string): Record<string, tf.Tensor> {
  const specs = checkWeightSpecs(artifacts.weightSpecs, hint);
  const expectedBytes = specs.reduce((sum, spec) => sum + 4 * spec.shape.reduce((n, d) => n * d, 1), 0);
  const data = artifacts.weightData;
  // Tested by tag rather than instanceof, so buffers from another realm (a worker, an iframe) pass too.
  const isBuffer = (b: unknown): b is ArrayBuffer => Object.prototype.toString.call(b) === '[object ArrayBuffer]';
  const buffers = isBuffer(data) ? [data] : data;
  if (!Array.isArray(buffers) || !buffers.every(isBuffer)) {
    throw new InvalidArgumentError('weightData', 'an ArrayBuffer or an array of them', data, hint);
  }
  const bytes = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  if (bytes !== expectedBytes) {
    throw new InvalidArgumentError(
      'weightData',
      `${expectedBytes} bytes (what weightSpecs describe)`,
      `${bytes} bytes`,
      `${bytes < expectedBytes ? 'The weights are truncated.' : 'Bytes follow the last weight.'} ${hint}`,
    );
  }
  return tf.io.decodeWeights(buffers, specs);
}

/**
 * `specs` checked to be an array of uniquely named float32 entries, unquantized, with shapes of non-negative safe
 * integers.
 */
function checkWeightSpecs(specs: unknown, hint: string): tf.io.WeightsManifestEntry[] {
  if (!Array.isArray(specs)) throw new InvalidArgumentError('weightSpecs', 'an array of weight specs', specs, hint);
  const names = new Set<string>();
  specs.forEach((spec: unknown, i) => {
    const label = `weightSpecs[${i}]`;
    if (typeof spec !== 'object' || spec === null) {
      throw new InvalidArgumentError(label, 'a weight spec { name, shape, dtype }', spec, hint);
    }
    const { name, shape, dtype, quantization } = spec as Record<string, unknown>;
    if (typeof name !== 'string' || names.has(name)) {
      throw new InvalidArgumentError(`${label}.name`, 'a name used once', name, hint);
    }
    names.add(name);
    if (dtype !== 'float32') throw new InvalidArgumentError(`${label}.dtype`, '"float32"', dtype, hint);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new InvalidArgumentError(`${label}.shape`, 'an array of integers ≥ 0', shape, hint);
    }
    if (quantization !== undefined) {
      throw new InvalidArgumentError(`${label}.quantization`, 'none (unquantized float32)', quantization, hint);
    }
  });
  return specs as tf.io.WeightsManifestEntry[];
}

/** The handler for a URL or handler object, with the needed method checked. */
function resolveHandler(handlerOrUrl: unknown, method: 'save'): Required<Pick<tf.io.IOHandler, 'save'>>;
function resolveHandler(handlerOrUrl: unknown, method: 'load'): Required<Pick<tf.io.IOHandler, 'load'>>;
function resolveHandler(handlerOrUrl: unknown, method: 'save' | 'load'): tf.io.IOHandler {
  if (typeof handlerOrUrl === 'string') {
    if (handlerOrUrl.startsWith('file://')) return fileSystemHandler(handlerOrUrl.slice('file://'.length));
    const handlers = method === 'save' ? tf.io.getSaveHandlers(handlerOrUrl) : tf.io.getLoadHandlers(handlerOrUrl);
    if (handlers.length === 1) return handlers[0] as tf.io.IOHandler;
    throw new InvalidArgumentError(
      'handlerOrUrl',
      `a URL with one tf.io ${method} handler (file://, indexeddb://, localstorage://, downloads://, http(s)://)`,
      handlerOrUrl,
      handlers.length > 1 ? `${handlers.length} handlers match it.` : 'No handler is registered for it here.',
    );
  }
  if (
    typeof handlerOrUrl === 'object' &&
    handlerOrUrl !== null &&
    typeof (handlerOrUrl as tf.io.IOHandler)[method] === 'function'
  ) {
    return handlerOrUrl as tf.io.IOHandler;
  }
  throw new InvalidArgumentError('handlerOrUrl', `a URL or a tf.io IOHandler with ${method}()`, handlerOrUrl);
}
