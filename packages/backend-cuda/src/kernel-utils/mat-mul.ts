import { ShapeError } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';
import type { DeviceDtype } from './dtype.js';
import { fillTensor } from './fill.js';
import { copyStrided } from './strided-copy.js';
import { broadcastStrides, rowMajorStrides } from './strides.js';

/** A batched matmul operand: a tensor whose matrices start every `batchStride` elements (0: one shared matrix). */
interface BatchOperand {
  readonly tensor: tf.TensorInfo;
  readonly batchStride: number;
}

/**
 * Lays out an operand for a batch of `batchShape` matrices: one shared matrix (stride 0), its own batch (stride
 * rows·cols), or — when only some batch dimensions broadcast — a broadcast copy.
 */
function batchOperand(backend: CudaBackend, x: tf.TensorInfo, batchShape: readonly number[]): BatchOperand {
  const matrix = x.shape.slice(-2);
  const matrixSize = tf.util.sizeFromShape(matrix);
  const batch = tf.util.sizeFromShape(x.shape.slice(0, -2));
  if (batch === 1) return { tensor: backend.share(x, x.shape), batchStride: 0 };
  if (batch === tf.util.sizeFromShape([...batchShape])) {
    return { tensor: backend.share(x, x.shape), batchStride: matrixSize };
  }
  const shape = [...batchShape, ...matrix];
  const full = backend.makeOutput(shape, x.dtype as DeviceDtype);
  copyStrided(
    backend,
    { tensor: x, offset: 0, strides: broadcastStrides(x.shape, shape) },
    { tensor: full, offset: 0, strides: rowMajorStrides(shape) },
    shape,
  );
  return { tensor: full, batchStride: matrixSize };
}

/**
 * Batched float32 matrix product op(a)·op(b) with broadcast batch dimensions (tfjs's BatchMatMul semantics), as one
 * launch of the native tiled SGEMM.
 *
 * @param backend - The backend owning the operands.
 * @param a - float32, rank ≥ 2: [...batchA, m, k] ([..., k, m] when `transposeA`).
 * @param b - float32, rank ≥ 2: [...batchB, k, n] ([..., n, k] when `transposeB`).
 * @param transposeA - Use the transpose of each matrix of `a`.
 * @param transposeB - Use the transpose of each matrix of `b`.
 * @returns A new float32 tensor [...broadcast(batchA, batchB), m, n].
 * @throws `ShapeError` (from `@gen/core`) when the inner dimensions differ.
 */
export function matMulTensors(
  backend: CudaBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): tf.TensorInfo {
  const [a0, a1] = a.shape.slice(-2) as [number, number];
  const [b0, b1] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const [kB, n] = transposeB ? [b1, b0] : [b0, b1];
  if (k !== kB) {
    throw new ShapeError('b', `with inner dimension ${k} (that of a, shape [${a.shape.join(', ')}])`, b.shape);
  }
  const batchShape = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const outShape = [...batchShape, m, n];
  if (tf.util.sizeFromShape(outShape) === 0 || k === 0) return fillTensor(backend, outShape, 'float32', 0);
  const out = backend.makeOutput(outShape, 'float32');
  const left = batchOperand(backend, a, batchShape);
  const right = batchOperand(backend, b, batchShape);
  backend.binding.matmul(
    backend.bufferId(left.tensor),
    backend.bufferId(right.tensor),
    backend.bufferId(out),
    tf.util.sizeFromShape(batchShape),
    m,
    n,
    k,
    transposeA,
    transposeB,
    left.batchStride,
    right.batchStride,
  );
  backend.disposeIntermediate(left.tensor);
  backend.disposeIntermediate(right.tensor);
  return out;
}
