/**
 * Trainable vector-field models: the seeded MLP with a fast training path, exact closed-form divergence, Fourier
 * time features, spectral normalisation, and save/load through tf.io.
 *
 * @packageDocumentation
 */
export { MLP_ACTIVATIONS, type MlpActivation } from './activations.js';
export type { MlpVectorFieldConfig, MlpVectorFieldOptions } from './config.js';
export { type MlpVectorField, mlpVectorField } from './mlp-vector-field.js';
export {
  type GenModel,
  loadModel,
  MODEL_KINDS,
  type ModelKind,
  type ModelSource,
  modelFromSafetensors,
  modelToSafetensors,
  SAFETENSORS_METADATA_KEY,
  SAFETENSORS_METADATA_VERSION,
  saveModel,
  UNET_VECTOR_FIELD_FORMAT,
} from './model-io.js';
export { loadMlpVectorField, MLP_VECTOR_FIELD_FORMAT, saveMlpVectorField } from './serialization.js';
export { TIME_EMBEDDINGS, type TimeEmbedding } from './time-embedding.js';
export * from './unet/index.js';
