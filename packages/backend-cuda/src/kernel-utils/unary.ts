import * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';
import { computeInFloat32 } from './cast.js';
import { cudaKernel } from './cuda-kernel.js';
import { assertDtype, type DeviceDtype } from './dtype.js';

/**
 * out = f(x) elementwise in one launch (float32 in, float32 out).
 *
 * @param backend - The backend owning `x`.
 * @param op - A `UNARY_OP` code.
 * @param x - A float32 tensor.
 * @param alpha - The op's scalar attribute (LeakyRelu's slope, Step's value at x ≤ 0); 0 for the others.
 * @returns A new float32 tensor of `x`'s shape.
 */
export function runUnary(backend: CudaBackend, op: number, x: tf.TensorInfo, alpha = 0): tf.TensorInfo {
  const out = backend.makeOutput(x.shape, 'float32');
  const size = tf.util.sizeFromShape(x.shape);
  if (size > 0) backend.binding.unary(op, backend.bufferId(x), backend.bufferId(out), size, alpha);
  return out;
}

/** Options of {@link unaryKernel}. */
export interface UnaryKernelOptions<A> {
  /** Reads the op's scalar from the kernel's attributes (LeakyRelu, Step); 0 when left out. */
  readonly alpha?: (attrs: A) => number;
  /**
   * Accept int32 input, computed in float32 (exact below 2²⁴), and return this dtype for it: `'int32'` for ops
   * that map integers to integers (Abs, Neg, Square, Sign, Relu), `'float32'` for Exp; tfjs's wasm backend returns
   * the same dtypes. Left out: int32 input is refused.
   */
  readonly int32Result?: DeviceDtype;
}

/**
 * The config of an elementwise kernel with input `x`, such as Exp or Sigmoid.
 *
 * @param kernelName - The tfjs kernel name.
 * @param op - Its `UNARY_OP` code.
 * @param options - The scalar attribute and int32 support.
 * @returns The config; the kernel throws `CudaUnsupportedError` for a dtype it does not take.
 */
export function unaryKernel<A = Record<string, never>>(
  kernelName: string,
  op: number,
  options: UnaryKernelOptions<A> = {},
): tf.KernelConfig {
  const { alpha, int32Result } = options;
  return cudaKernel<{ x: tf.TensorInfo }, A>(kernelName, ({ x }, attrs, backend) => {
    assertDtype(kernelName, x.dtype, int32Result === undefined ? ['float32'] : ['float32', 'int32']);
    const resultDtype = x.dtype === 'int32' ? (int32Result as DeviceDtype) : 'float32';
    return computeInFloat32(backend, [x], resultDtype, ([fx]) =>
      runUnary(backend, op, fx as tf.TensorInfo, alpha?.(attrs) ?? 0),
    );
  });
}
