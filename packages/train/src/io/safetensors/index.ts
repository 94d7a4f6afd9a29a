/**
 * The safetensors format: a bounds-checked reader for untrusted files, float dtype conversion, and a float32
 * writer. Browser-safe (no `node:` imports).
 *
 * @packageDocumentation
 */
export { decodeFloat32, FLOAT_DTYPES, SAFETENSORS_DTYPE_SIZES } from './dtypes.js';
export {
  readSafetensors,
  SAFETENSORS_MAX_HEADER_BYTES,
  type SafetensorsContents,
  type SafetensorsTensor,
} from './read.js';
export { type Float32TensorEntry, writeSafetensors } from './write.js';
