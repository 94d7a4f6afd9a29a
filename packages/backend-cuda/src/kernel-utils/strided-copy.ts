import * as tf from '@tensorflow/tfjs';
import type { CudaBackend } from '../backend-cuda.js';
import { int32Dims } from './strides.js';

/** Where a strided copy reads or writes: a tensor's buffer, a start element and one stride per copied dimension. */
export interface StridedView {
  /** A tensor of the backend. */
  readonly tensor: tf.TensorInfo;
  /** The first element, in elements. */
  readonly offset: number;
  /** Elements between neighbours along each dimension of the copied shape (0 repeats an element). */
  readonly strides: readonly number[];
}

/**
 * Copies every index of `shape` from `src` to `dst` in one native launch: the building block of Slice, Transpose,
 * Concat, Pack, Unpack, SplitV, PadV2 and broadcasting. Does nothing when `shape` has no elements.
 *
 * @param backend - The backend owning both tensors.
 * @param src - The source view.
 * @param dst - The destination view (its tensor is written in place).
 * @param shape - The index space copied.
 */
export function copyStrided(backend: CudaBackend, src: StridedView, dst: StridedView, shape: readonly number[]): void {
  if (shape.some((n) => n === 0)) return;
  const dims = int32Dims(shape, 'shape'); // first, so that a rank above the limit is reported as the shape's
  backend.binding.copyStrided(
    backend.bufferId(src.tensor),
    src.offset,
    int32Dims(src.strides, 'strides'),
    backend.bufferId(dst.tensor),
    dst.offset,
    int32Dims(dst.strides, 'strides'),
    dims,
    tf.util.bytesPerElement(src.tensor.dtype),
  );
}
