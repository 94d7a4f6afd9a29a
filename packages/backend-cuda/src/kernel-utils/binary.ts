import * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';
import { computeInFloat32 } from './cast.js';
import { cudaKernel } from './cuda-kernel.js';
import { assertDtype, type DeviceDtype } from './dtype.js';
import { broadcastStrides, int32Dims } from './strides.js';

/**
 * The three families of `BINARY_OP` codes: arithmetic (float32 → float32; int32 operands run in float32 and the
 * result is truncated back toward zero), comparison (numeric or bool operands, compared as float32 → bool) and logical (bool → bool).
 */
export type BinaryKind = 'arithmetic' | 'comparison' | 'logical';

/** The operand dtypes each kind accepts. */
const SUPPORTED: Record<BinaryKind, readonly DeviceDtype[]> = {
  arithmetic: ['float32', 'int32'],
  comparison: ['float32', 'int32', 'bool'],
  logical: ['bool'],
};

/**
 * out = f(a, b) with numpy broadcasting, in one launch: broadcast dimensions are read with stride 0, nothing is
 * materialised.
 *
 * @param backend - The backend owning the operands.
 * @param op - A `BINARY_OP` code.
 * @param a - First operand (float32, or bool for logical codes).
 * @param b - Second operand, same dtype, broadcast-compatible shape.
 * @param outDtype - float32 for arithmetic codes, bool for comparison and logical codes.
 * @returns A new tensor of the broadcast shape.
 */
export function runBinary(
  backend: CudaBackend,
  op: number,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  outDtype: DeviceDtype,
): tf.TensorInfo {
  const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const out = backend.makeOutput(outShape, outDtype);
  if (tf.util.sizeFromShape(outShape) > 0) {
    backend.binding.binary(
      op,
      backend.bufferId(a),
      backend.bufferId(b),
      backend.bufferId(out),
      int32Dims(outShape, 'shape'),
      int32Dims(broadcastStrides(a.shape, outShape), 'strides'),
      int32Dims(broadcastStrides(b.shape, outShape), 'strides'),
    );
  }
  return out;
}

/**
 * The config of a broadcasting binary kernel with inputs `a` and `b`, such as Add or Greater.
 *
 * @param kernelName - The tfjs kernel name.
 * @param op - Its `BINARY_OP` code.
 * @param kind - Which operand dtypes it takes and what it returns (see {@link BinaryKind}).
 * @returns The config; the kernel throws `CudaUnsupportedError` for an operand dtype its kind does not take.
 */
export function binaryKernel(kernelName: string, op: number, kind: BinaryKind): tf.KernelConfig {
  return cudaKernel<{ a: tf.TensorInfo; b: tf.TensorInfo }>(kernelName, ({ a, b }, _attrs, backend) => {
    assertDtype(kernelName, a.dtype, SUPPORTED[kind]);
    assertDtype(kernelName, b.dtype, SUPPORTED[kind]);
    if (kind === 'logical') return runBinary(backend, op, a, b, 'bool');
    const resultDtype = kind === 'comparison' ? 'bool' : (tf.upcastType(a.dtype, b.dtype) as DeviceDtype);
    return computeInFloat32(backend, [a, b], resultDtype, ([fa, fb]) =>
      runBinary(backend, op, fa as tf.TensorInfo, fb as tf.TensorInfo, kind === 'comparison' ? 'bool' : 'float32'),
    );
  });
}
