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
  const handler = resolveHandler(handlerOrUrl, 'save');
  const { data, specs } = await tf.io.encodeWeights(model.namedVariables);
  return handler.save({
    modelTopology: { class: 'MlpVectorField', version: 1 },
    format: MLP_VECTOR_FIELD_FORMAT,
    generatedBy: '@gen/train',
    convertedBy: null,
    weightSpecs: specs,
    weightData: data,
    userDefinedMetadata: { config: { ...model.config, hidden: [...model.config.hidden] } },
  });
}

/**
 * Loads a model saved by {@link saveMlpVectorField}.
 *
 * @remarks
 * Sources: `file://<dir>` (or `file://<dir>/model.json`) in Node; any URL tf.io has a load router for
 * (`indexeddb://`, `localstorage://`, `http(s)://` in a browser); or an `IOHandler` with `load`, such as
 * `tf.io.fromMemory(artifacts)`. The stored config is validated like the options of {@link mlpVectorField}, and
 * every weight must be present with its float32 shape. The loaded model computes bit-identical outputs to the saved
 * one.
 *
 * @param handlerOrUrl - A URL or an `IOHandler` with `load`.
 * @returns A new model owned by the caller (call `dispose()`).
 * @throws `InvalidArgumentError` when `handlerOrUrl` is invalid, the artifacts are not an MlpVectorField
 *   (`format` differs), the stored config is invalid (named e.g. `"userDefinedMetadata.config.dim"`) or a weight is
 *   missing or extra; `ShapeError` for a weight of the wrong shape; whatever the handler throws (e.g. a
 *   file-system `ENOENT`).
 * @example
 * ```ts
 * const model = await loadMlpVectorField('file://./checkpoints/flow');
 * const u = model(0.5, x);
 * ```
 * @see saveMlpVectorField
 */
export async function loadMlpVectorField(handlerOrUrl: string | tf.io.IOHandler): Promise<MlpVectorField> {
  const handler = resolveHandler(handlerOrUrl, 'load');
  const artifacts = await handler.load();
  if (artifacts.format !== MLP_VECTOR_FIELD_FORMAT) {
    throw new InvalidArgumentError(
      'handlerOrUrl',
      `artifacts saved by saveMlpVectorField (format "${MLP_VECTOR_FIELD_FORMAT}")`,
      artifacts.format ?? 'artifacts without a format',
    );
  }
  const config = resolveMlpConfig(artifacts.userDefinedMetadata?.config, 'userDefinedMetadata.config');
  const weights = tf.io.decodeWeights(artifacts.weightData ?? [], artifacts.weightSpecs ?? []);
  try {
    return restoreMlpVectorField(config, weights, 'weights');
  } finally {
    tf.dispose(Object.values(weights));
  }
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
