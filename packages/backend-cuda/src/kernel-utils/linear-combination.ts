import * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';

/**
 * out = base + Σⱼ coefficients[j]·terms[j] elementwise, in one launch (float32; the coefficients are float64 on the
 * host and rounded to float32 once by the addon).
 *
 * @param backend - The backend owning the tensors.
 * @param base - float32.
 * @param terms - float32 tensors of `base`'s shape.
 * @param coefficients - One number per term.
 * @returns A new float32 tensor of `base`'s shape.
 */
export function linearCombinationTensor(
  backend: CudaBackend,
  base: tf.TensorInfo,
  terms: readonly tf.TensorInfo[],
  coefficients: readonly number[],
): tf.TensorInfo {
  const out = backend.makeOutput(base.shape, 'float32');
  const size = tf.util.sizeFromShape(base.shape);
  if (size > 0) {
    backend.binding.linearCombination(
      backend.bufferId(base),
      Int32Array.from(terms, (t) => backend.bufferId(t)),
      Float64Array.from(coefficients),
      backend.bufferId(out),
      size,
    );
  }
  return out;
}
