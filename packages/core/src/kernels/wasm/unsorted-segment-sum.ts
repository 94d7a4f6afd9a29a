import * as tf from '@tensorflow/tfjs';
import { heapView, type WasmHeapBackend } from './wasm-heap.js';

/**
 * `UnsortedSegmentSum` for tfjs-backend-wasm, which 4.22 lacks (so `tf.grad` through `tf.gather`, e.g. of an
 * embedding table, throws there): out[s, …] = Σ over i with segmentIds[i] = s of x[i, …].
 *
 * @remarks
 * `x` float32 or int32 of shape [...segmentIds.shape, ...rest]; `segmentIds` int32; the output is
 * [numSegments, ...rest] of `x`'s dtype. Ids outside [0, numSegments) are dropped, as in TensorFlow. One pass over
 * `x` on the heap, summing in index order.
 *
 * @example
 * ```ts
 * tf.registerKernel(unsortedSegmentSumWasmConfig); // done by initBackend
 * const dTable = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, labels)))(table);
 * ```
 */
export const unsortedSegmentSumWasmConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { x, segmentIds } = inputs as unknown as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || segmentIds.dtype !== 'int32') {
      throw new Error(
        `UnsortedSegmentSum on wasm takes float32 or int32 x and int32 ids, got ${x.dtype}, ${segmentIds.dtype}.`,
      );
    }
    const wasm = backend as WasmHeapBackend;
    const count = tf.util.sizeFromShape(segmentIds.shape);
    const rest = x.shape.slice(segmentIds.shape.length);
    const inner = tf.util.sizeFromShape(rest);
    const out = wasm.makeOutput([numSegments, ...rest], x.dtype);
    const { heap, base: outBase } = heapView(wasm, out);
    heap.fill(0, outBase, outBase + numSegments * inner);
    const xBase = heapView(wasm, x).base;
    const ids = wasm.typedArrayFromHeap(segmentIds);
    for (let i = 0; i < count; i += 1) {
      const s = ids[i] as number;
      if (s < 0 || s >= numSegments) continue;
      const from = xBase + i * inner;
      const to = outBase + s * inner;
      for (let k = 0; k < inner; k += 1) heap[to + k] = (heap[to + k] as number) + (heap[from + k] as number);
    }
    return out;
  },
};
