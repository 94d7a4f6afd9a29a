import type * as tf from '@tensorflow/tfjs';
import { CudaUnsupportedError } from '../errors/cuda-unsupported-error.js';
import { DTYPE_CODE } from '../native/binding.js';

/** The dtypes the device stores: float32 and int32 as 4-byte elements, bool as 1-byte elements. */
export type DeviceDtype = keyof typeof DTYPE_CODE;

/** Every {@link DeviceDtype}. */
export const DEVICE_DTYPES: readonly DeviceDtype[] = ['float32', 'int32', 'bool'];

/**
 * Checks that a kernel input has one of the dtypes the kernel implements.
 *
 * @param kernel - The tfjs kernel name, for the error message.
 * @param dtype - The dtype that arrived.
 * @param supported - The dtypes the kernel implements.
 * @throws {@link CudaUnsupportedError} naming the kernel and the dtype otherwise.
 */
export function assertDtype<T extends DeviceDtype>(
  kernel: string,
  dtype: tf.DataType,
  supported: readonly T[],
): asserts dtype is T {
  if (!(supported as readonly string[]).includes(dtype)) {
    throw new CudaUnsupportedError(`kernel '${kernel}'`, 'dtype', dtype, supported);
  }
}

/** The native code of `dtype` ({@link DTYPE_CODE}). */
export function dtypeCode(dtype: DeviceDtype): number {
  return DTYPE_CODE[dtype];
}
