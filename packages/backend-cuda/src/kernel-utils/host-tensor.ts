import type * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';

/**
 * A kernel temporary holding values computed on the host (an index map, a one-hot matrix), uploaded in one copy.
 *
 * @param backend - The backend.
 * @param values - The values, row-major (Float32Array for float32, Int32Array for int32).
 * @param shape - The shape.
 * @returns A new tensor, tracked like any kernel output (dispose it with `disposeIntermediate`).
 */
export function hostTensor(
  backend: CudaBackend,
  values: Float32Array | Int32Array,
  shape: readonly number[],
): tf.TensorInfo {
  const out = backend.makeOutput(shape, values instanceof Int32Array ? 'int32' : 'float32');
  if (values.length > 0) backend.binding.upload(backend.bufferId(out), values);
  return out;
}
