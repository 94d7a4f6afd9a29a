import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterCpuConfig } from './cpu/conv2d-backprop-filter.js';
import { resizeNearestNeighborGradCpuConfig } from './cpu/resize-nearest-neighbor-grad.js';
import { FUSED_ADAM_KERNEL_CONFIGS } from './fused/adam-kernel.js';
import { fusedKernelsSupported } from './fused/gen-kernels-module.js';
import { FUSED_MLP_KERNEL_CONFIGS } from './fused/mlp-kernels.js';
import { conv2DBackpropFilterWasmConfig } from './wasm/conv2d-backprop-filter.js';
import { conv2DBackpropInputWasmConfig } from './wasm/conv2d-backprop-input.js';
import { unsortedSegmentSumWasmConfig } from './wasm/unsorted-segment-sum.js';

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
 * The kernels gen replaces on tfjs 4.22's cpu backend because tfjs's are wrong or slow: `ResizeNearestNeighborGrad`
 * (wrong for batches of more than one image) and `Conv2DBackpropFilter` (about 40× a forward convolution).
 */
export const CPU_KERNEL_FIXES: readonly tf.KernelConfig[] = [
  resizeNearestNeighborGradCpuConfig,
  conv2DBackpropFilterCpuConfig,
];

/**
 * The kernels gen puts in place of tfjs-backend-wasm 4.22's because those are slow: `Conv2DBackpropInput` (the
 * input gradient of every conv layer; 4.22's is a plain loop, several times slower than gen's, which runs XNNPACK's
 * forward convolution).
 */
export const WASM_KERNEL_REPLACEMENTS: readonly tf.KernelConfig[] = [conv2DBackpropInputWasmConfig];

/**
 * gen's fused kernels (C compiled to wasm32 SIMD, packages/core/native/kernels) for the `wasm` and `cpu` backends: the
 * MLP vector field's forward pass, its backward pass and its closed-form divergence, and Adam's update.
 */
export const FUSED_KERNEL_CONFIGS: readonly tf.KernelConfig[] = [
  ...FUSED_MLP_KERNEL_CONFIGS,
  ...FUSED_ADAM_KERNEL_CONFIGS,
];

/**
 * Registers {@link FUSED_KERNEL_CONFIGS} where WebAssembly shared memory is available (Node; a cross-origin
 * isolated page), {@link WASM_KERNEL_CONFIGS} for the `wasm` backend, each only where no kernel of that name is registered
 * for wasm yet (a later tfjs-backend-wasm that ships its own keeps it), and puts {@link CPU_KERNEL_FIXES} in place
 * of tfjs's cpu kernels of those names and {@link WASM_KERNEL_REPLACEMENTS} in place of tfjs's wasm ones, where the
 * backend's package has registered them (call it again after importing the package). Idempotent; needs neither
 * backend to be initialised (kernels are recorded by name and run once the backend is active). `initBackend` calls it,
 * and again after it imports a backend's package.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * registerGenKernels();
 * await tf.setBackend('wasm');
 * ```
 */
export function registerGenKernels(): void {
  if (fusedKernelsSupported()) {
    for (const config of FUSED_KERNEL_CONFIGS) {
      if (tf.getKernel(config.kernelName, config.backendName) === undefined) tf.registerKernel(config);
    }
  }
  for (const config of WASM_KERNEL_CONFIGS) {
    if (tf.getKernel(config.kernelName, config.backendName) === undefined) tf.registerKernel(config);
  }
  for (const config of [...CPU_KERNEL_FIXES, ...WASM_KERNEL_REPLACEMENTS]) {
    const current = tf.getKernel(config.kernelName, config.backendName);
    // Only a kernel the backend's package registered is replaced: before the package loads, its own registration
    // would overwrite gen's (with a warning), so initBackend calls this again once it imported the package.
    if (current === undefined || current.kernelFunc === config.kernelFunc) continue;
    tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel(config);
  }
}
