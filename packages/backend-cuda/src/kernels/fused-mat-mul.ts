import * as tf from '@tensorflow/tfjs';
import { CudaUnsupportedError } from '../errors/cuda-unsupported-error.js';
import { runBinary } from '../kernel-utils/binary.js';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';
import { matMulTensors } from '../kernel-utils/mat-mul.js';
import { runUnary } from '../kernel-utils/unary.js';
import { BINARY_OP, UNARY_OP } from '../native/binding.js';

/** The activations of `tf.fused.matMul` this backend implements, as unary ops (linear: none). */
const ACTIVATIONS: Record<string, number | undefined> = {
  linear: undefined,
  relu: UNARY_OP.relu,
  elu: UNARY_OP.elu,
  sigmoid: UNARY_OP.sigmoid,
  leakyrelu: UNARY_OP.leakyRelu,
};

/**
 * `_FusedMatMul` on the cuda backend (`tf.fused.matMul`): op(a)·op(b) + bias, then the activation, as up to three
 * launches (SGEMM, broadcasting add, elementwise activation), float32. Activations: linear, relu, elu, sigmoid,
 * leakyrelu; `relu6` and `prelu` throw `CudaUnsupportedError`.
 */
export const fusedMatMulConfig: tf.KernelConfig = cudaKernel<
  { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo },
  tf._FusedMatMulAttrs
>(tf._FusedMatMul, ({ a, b, bias }, { transposeA, transposeB, activation, leakyreluAlpha }, backend) => {
  if (!Object.hasOwn(ACTIVATIONS, activation)) {
    throw new CudaUnsupportedError(`kernel '${tf._FusedMatMul}'`, 'activation', activation, Object.keys(ACTIVATIONS));
  }
  for (const x of bias === undefined ? [a, b] : [a, b, bias]) assertDtype(tf._FusedMatMul, x.dtype, ['float32']);
  let out = matMulTensors(backend, a, b, transposeA, transposeB);
  if (bias !== undefined) {
    const biased = runBinary(backend, BINARY_OP.add, out, bias, 'float32');
    backend.disposeIntermediate(out);
    out = biased;
  }
  const op = ACTIVATIONS[activation];
  if (op === undefined) return out;
  const activated = runUnary(backend, op, out, leakyreluAlpha ?? 0.2);
  backend.disposeIntermediate(out);
  return activated;
});
