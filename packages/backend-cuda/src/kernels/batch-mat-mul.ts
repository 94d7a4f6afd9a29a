import * as tf from '@tensorflow/tfjs';
import { computeInFloat32 } from '../kernel-utils/cast.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';
import { matMulTensors } from '../kernel-utils/mat-mul.js';

/**
 * `BatchMatMul` on the cuda backend (`tf.matMul`): op(a)·op(b) per batch, batch dimensions broadcast, on the native
 * tiled SGEMM (float32; int32 multiplied in float32, truncated back toward zero).
 */
export const batchMatMulConfig: tf.KernelConfig = cudaKernel<
  { a: tf.TensorInfo; b: tf.TensorInfo },
  tf.BatchMatMulAttrs
>(tf.BatchMatMul, ({ a, b }, { transposeA, transposeB }, backend) => {
  assertDtype(tf.BatchMatMul, a.dtype, ['float32', 'int32']);
  assertDtype(tf.BatchMatMul, b.dtype, ['float32', 'int32']);
  return computeInFloat32(backend, [a, b], a.dtype, ([fa, fb]) =>
    matMulTensors(backend, fa as tf.TensorInfo, fb as tf.TensorInfo, transposeA, transposeB),
  );
});
