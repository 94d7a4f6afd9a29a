import * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';
import { type DeviceDtype, dtypeCode } from './dtype.js';

/**
 * `x` converted to `dtype` (float → int truncates toward zero; to bool: x ≠ 0). Returns a shared view (no copy)
 * when `x` already has that dtype, so the caller always disposes the result with `disposeIntermediate` or returns it.
 *
 * @param backend - The backend owning `x`.
 * @param x - The tensor.
 * @param dtype - The target dtype.
 * @returns A new tensor info (reference count 1, or one more reference to `x`'s data).
 */
export function castTensor(backend: CudaBackend, x: tf.TensorInfo, dtype: DeviceDtype): tf.TensorInfo {
  if (x.dtype === dtype) return backend.share(x, x.shape);
  const out = backend.makeOutput(x.shape, dtype);
  const size = tf.util.sizeFromShape(x.shape);
  if (size > 0) {
    backend.binding.cast(
      backend.bufferId(x),
      dtypeCode(x.dtype as DeviceDtype),
      backend.bufferId(out),
      dtypeCode(dtype),
      size,
    );
  }
  return out;
}

/**
 * Runs a float32 computation on inputs of another numeric dtype: casts each input to float32, runs `compute`, and
 * casts the result to `resultDtype`. Exact for int32 while every value and result stays below 2²⁴ in magnitude.
 *
 * @param backend - The backend owning the inputs.
 * @param inputs - The operands, in order.
 * @param resultDtype - The dtype the kernel returns.
 * @param compute - The float32 computation; receives float32 views of `inputs`, returns a new float32 tensor.
 * @returns The result in `resultDtype`; every temporary is disposed.
 */
export function computeInFloat32(
  backend: CudaBackend,
  inputs: readonly tf.TensorInfo[],
  resultDtype: DeviceDtype,
  compute: (floats: tf.TensorInfo[]) => tf.TensorInfo,
): tf.TensorInfo {
  const floats = inputs.map((x) => castTensor(backend, x, 'float32'));
  const result = compute(floats);
  for (const f of floats) backend.disposeIntermediate(f);
  if (result.dtype === resultDtype) return result;
  const converted = castTensor(backend, result, resultDtype);
  backend.disposeIntermediate(result);
  return converted;
}
