import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterWasmConfig } from './conv2d-backprop-filter.js';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum.js';

/**
 * The kernels gen adds to tfjs-backend-wasm 4.22, which lacks them although training gen's models needs them:
 * `Conv2DBackpropFilter` (the filter gradient of every conv layer) and `UnsortedSegmentSum` (the gradient of
 * `tf.gather`, e.g. of an embedding table).
 */
export const WASM_KERNEL_CONFIGS: readonly tf.KernelConfig[] = [
  conv2DBackpropFilterWasmConfig,
  unsortedSegmentSumWasmConfig,
];

/**
 * Registers {@link WASM_KERNEL_CONFIGS} for the `wasm` backend, each only where no kernel of that name is registered
 * for wasm yet (a later tfjs-backend-wasm that ships its own keeps it). Idempotent; does not need the wasm backend
 * to be imported or initialised (kernels are recorded by name and run once wasm is active). `initBackend` calls it.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * registerWasmKernels();
 * await tf.setBackend('wasm');
 * ```
 */
export function registerWasmKernels(): void {
  for (const config of WASM_KERNEL_CONFIGS) {
    if (tf.getKernel(config.kernelName, config.backendName) === undefined) tf.registerKernel(config);
  }
}
