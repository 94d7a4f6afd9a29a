import * as tf from '@tensorflow/tfjs';
import type { KernelMemory } from '../conv2d-backprop-filter.js';

/**
 * The part of tfjs-backend-wasm's `BackendWasm` that gen's wasm kernels use: tensors live on the WebAssembly heap,
 * where a kernel allocates its outputs and reads and writes them in place.
 *
 * @remarks
 * Typed from its use here rather than imported, so that `@gen/core` keeps `@tensorflow/tfjs-backend-wasm` an
 * optional peer dependency. Any allocation (`makeOutput`, a call of another wasm kernel) may grow the heap, which
 * detaches every view taken before it: take views with {@link heapView} only after the last allocation.
 */
export interface WasmHeapBackend extends tf.KernelBackend {
  /** Allocates an uninitialised tensor on the heap, with reference count 1. */
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A view of a tensor's values on the heap (row-major; float32, int32 or, for bool, uint8). */
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
}

/**
 * A tensor's values on the wasm heap as a view into the whole heap: `heap[base + i]` is element i, so that copies
 * between tensors are one `copyWithin`.
 *
 * @param backend - The wasm backend.
 * @param info - A float32 or int32 tensor of that backend.
 * @returns The heap as 32-bit elements of the tensor's type, and the tensor's first element in it.
 */
export function heapView(
  backend: WasmHeapBackend,
  info: tf.TensorInfo,
): { heap: Float32Array | Int32Array; base: number } {
  const view = backend.typedArrayFromHeap(info);
  const heap = info.dtype === 'int32' ? new Int32Array(view.buffer) : new Float32Array(view.buffer);
  return { heap, base: view.byteOffset / 4 };
}

/**
 * Runs a wasm kernel body that allocates temporaries: on failure, every tensor it made (listed in `made`) is
 * disposed before the error propagates, so a failed kernel leaks nothing.
 *
 * @param backend - The wasm backend.
 * @param body - The kernel; pushes each tensor it allocates to the list it receives, and returns the output.
 * @returns What `body` returns.
 */
export function withTemporaries(
  backend: WasmHeapBackend,
  body: (made: tf.TensorInfo[]) => tf.TensorInfo,
): tf.TensorInfo {
  const made: tf.TensorInfo[] = [];
  try {
    return body(made);
  } catch (error) {
    for (const info of made) backend.disposeData(info.dataId, true);
    throw error;
  }
}

/**
 * Runs one of tfjs-backend-wasm's own registered kernels (XNNPACK-backed `Conv2D`, `BatchMatMul`, `Transpose`, …)
 * from inside a gen kernel, on the same backend.
 *
 * @param backend - The wasm backend.
 * @param kernelName - A kernel registered for `wasm`.
 * @param inputs - Its inputs, as tensor infos on that backend.
 * @param attrs - Its attributes.
 * @returns Its output (reference count 1), owned by the caller (release it with `backend.disposeData`).
 */
export function runWasmKernel(
  backend: WasmHeapBackend,
  kernelName: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const config = tf.getKernel(kernelName, 'wasm');
  if (config === undefined) throw new Error(`gen's wasm kernels need tfjs-backend-wasm's ${kernelName}.`);
  return config.kernelFunc({ inputs, attrs, backend }) as tf.TensorInfo;
}

/**
 * The wasm backend as a {@link KernelMemory}: tensors on its heap, its own kernels.
 *
 * @param backend - The wasm backend.
 * @returns Its kernel memory.
 */
export function wasmKernelMemory(backend: tf.KernelBackend): KernelMemory {
  const wasm = backend as WasmHeapBackend;
  return {
    allocate: (shape) => wasm.makeOutput(shape, 'float32'),
    values: (info) => wasm.typedArrayFromHeap(info) as Float32Array,
    run: (kernelName, inputs, attrs) => runWasmKernel(wasm, kernelName, inputs, attrs),
    release: (info) => wasm.disposeData(info.dataId),
  };
}
