import type * as tf from '@tensorflow/tfjs';
import type { WasmHeapBackend } from '../wasm/wasm-heap.js';

/** The backends the fused kernels run on: tfjs's `wasm` (tensors on its heap) and `cpu` (typed arrays). */
export const FUSED_BACKENDS = ['wasm', 'cpu'] as const;

function isWasm(backend: tf.KernelBackend): backend is WasmHeapBackend {
  return 'typedArrayFromHeap' in backend;
}

/**
 * A float32 tensor's values on its backend without a copy where the backend allows (a view of the wasm heap, or
 * the cpu backend's own array); read it before the backend allocates again.
 *
 * @param backend - The wasm or cpu backend.
 * @param info - A float32 tensor of that backend.
 * @returns Its values, row-major.
 */
export function backendFloats(backend: tf.KernelBackend, info: tf.TensorInfo): Float32Array {
  if (isWasm(backend)) return backend.typedArrayFromHeap(info) as Float32Array;
  return backend.readSync(info.dataId) as Float32Array;
}

/**
 * A new float32 tensor of the backend holding a copy of `values`.
 *
 * @param backend - The wasm or cpu backend.
 * @param shape - The shape.
 * @param values - The values (e.g. a view of the fused kernels' memory), copied.
 * @returns The tensor, reference count 1.
 */
export function backendOutput(backend: tf.KernelBackend, shape: number[], values: Float32Array): tf.TensorInfo {
  if (isWasm(backend)) {
    const out = backend.makeOutput(shape, 'float32');
    backend.typedArrayFromHeap(out).set(values);
    return out;
  }
  const cpu = backend as tf.KernelBackend & {
    makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
  };
  return cpu.makeTensorInfo(shape, 'float32', values.slice());
}
