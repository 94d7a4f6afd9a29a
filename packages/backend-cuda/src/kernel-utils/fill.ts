import * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';
import { cudaKernel } from './cuda-kernel.js';
import { assertDtype, DEVICE_DTYPES, type DeviceDtype, dtypeCode } from './dtype.js';

/**
 * A tensor with every element equal to `value` (converted to `dtype`), written on the device.
 *
 * @param backend - The backend.
 * @param shape - The shape.
 * @param dtype - The dtype.
 * @param value - The value.
 * @returns A new tensor.
 */
export function fillTensor(
  backend: CudaBackend,
  shape: readonly number[],
  dtype: DeviceDtype,
  value: number,
): tf.TensorInfo {
  const out = backend.makeOutput(shape, dtype);
  const size = tf.util.sizeFromShape([...shape]);
  if (size > 0) backend.binding.fill(backend.bufferId(out), size, value, dtypeCode(dtype));
  return out;
}

/**
 * The config of a kernel that returns a constant tensor of its input's shape and dtype (ZerosLike, OnesLike).
 *
 * @param kernelName - The tfjs kernel name.
 * @param value - The constant.
 * @returns The config.
 */
export function fillLikeKernel(kernelName: string, value: number): tf.KernelConfig {
  return cudaKernel<{ x: tf.TensorInfo }>(kernelName, ({ x }, _attrs, backend) => {
    assertDtype(kernelName, x.dtype, DEVICE_DTYPES);
    return fillTensor(backend, x.shape, x.dtype, value);
  });
}
