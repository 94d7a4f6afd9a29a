import * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';
import { REDUCE_OP } from '../native/binding.js';
import { computeInFloat32 } from './cast.js';
import { cudaKernel } from './cuda-kernel.js';
import { assertDtype, type DeviceDtype } from './dtype.js';
import { fillTensor } from './fill.js';
import { transposeTensor } from './transpose.js';

/** What each reduction gives over an empty axis: its identity element (any: false, all: true). */
const EMPTY_VALUE: Record<number, number> = {
  [REDUCE_OP.sum]: 0,
  [REDUCE_OP.max]: Number.NEGATIVE_INFINITY,
  [REDUCE_OP.min]: Number.POSITIVE_INFINITY,
  [REDUCE_OP.prod]: 1,
  [REDUCE_OP.any]: 0,
  [REDUCE_OP.all]: 1,
};

/**
 * Reduces `x` over `axes`: when they are not already the innermost dimensions, `x` is first transposed (one strided
 * copy) so that they are; then one launch reduces the [outer, reduceSize] view over its last axis.
 *
 * @param backend - The backend owning `x`.
 * @param op - A `REDUCE_OP` code.
 * @param x - float32 (bool for any/all).
 * @param axes - Distinct non-negative axes (from `tf.util.parseAxisParam`).
 * @param keepDims - Keep the reduced dimensions with size 1.
 * @returns A new tensor of `x`'s dtype; over an empty axis, the reduction's identity (sum 0, prod 1, max −∞, …).
 */
export function reduceTensor(
  backend: CudaBackend,
  op: number,
  x: tf.TensorInfo,
  axes: readonly number[],
  keepDims: boolean,
): tf.TensorInfo {
  const rank = x.shape.length;
  const permutation = tf.backend_util.getAxesPermutation([...axes], rank);
  const input = permutation === null ? backend.share(x, x.shape) : transposeTensor(backend, x, permutation);
  const innerAxes = permutation === null ? [...axes] : tf.backend_util.getInnerMostAxes(axes.length, rank);
  const [outShape, reduceShape] = tf.backend_util.computeOutAndReduceShapes(input.shape, innerAxes);
  const shape = keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, [...axes]) : outShape;
  const outer = tf.util.sizeFromShape(outShape);
  const reduceSize = tf.util.sizeFromShape(reduceShape);
  const dtype = x.dtype as DeviceDtype;
  let out: tf.TensorInfo;
  if (reduceSize === 0) {
    out = fillTensor(backend, shape, dtype, EMPTY_VALUE[op] as number);
  } else {
    out = backend.makeOutput(shape, dtype);
    if (outer > 0) backend.binding.reduce(op, backend.bufferId(input), backend.bufferId(out), outer, reduceSize);
  }
  backend.disposeIntermediate(input);
  return out;
}

/** The attributes of Sum, Prod, Min, Any, All and Mean. */
export interface AxisAttrs {
  /** The axes to reduce (negative counts from the end). */
  axis: number | number[];
  /** Keep reduced dimensions with size 1. */
  keepDims: boolean;
}

/**
 * The config of a numeric reduction kernel (Sum, Prod, Max, Min): float32, or int32 reduced in float32 and truncated
 * back toward zero (exact below 2²⁴).
 *
 * @param kernelName - The tfjs kernel name.
 * @param op - Its `REDUCE_OP` code.
 * @param axesOf - Reads the axes from the attributes (`axis`, or Max's `reductionIndices`).
 * @returns The config.
 */
export function numericReductionKernel<A extends { keepDims: boolean }>(
  kernelName: string,
  op: number,
  axesOf: (attrs: A) => number | number[],
): tf.KernelConfig {
  return cudaKernel<{ x: tf.TensorInfo }, A>(kernelName, ({ x }, attrs, backend) => {
    assertDtype(kernelName, x.dtype, ['float32', 'int32']);
    const axes = tf.util.parseAxisParam(axesOf(attrs), x.shape);
    return computeInFloat32(backend, [x], x.dtype, ([fx]) =>
      reduceTensor(backend, op, fx as tf.TensorInfo, axes, attrs.keepDims),
    );
  });
}

/**
 * The config of a bool reduction kernel (Any, All).
 *
 * @param kernelName - The tfjs kernel name.
 * @param op - `REDUCE_OP.any` or `REDUCE_OP.all`.
 * @returns The config.
 */
export function logicalReductionKernel(kernelName: string, op: number): tf.KernelConfig {
  return cudaKernel<{ x: tf.TensorInfo }, AxisAttrs>(kernelName, ({ x }, attrs, backend) => {
    assertDtype(kernelName, x.dtype, ['bool']);
    return reduceTensor(backend, op, x, tf.util.parseAxisParam(attrs.axis, x.shape), attrs.keepDims);
  });
}
