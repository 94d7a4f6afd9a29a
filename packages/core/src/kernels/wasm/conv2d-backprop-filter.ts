import type * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from '../conv2d-backprop-filter.js';
import { wasmKernelMemory } from './wasm-heap.js';

/**
 * `Conv2DBackpropFilter` for tfjs-backend-wasm, which 4.22 lacks (so `tf.grad` of `tf.conv2d` with respect to the
 * filter throws there): gen's {@link conv2DBackpropFilterConfig} on the wasm heap, its product by XNNPACK.
 *
 * @example
 * ```ts
 * tf.registerKernel(conv2DBackpropFilterWasmConfig); // done by initBackend
 * const dw = tf.grad((f: tf.Tensor4D) => tf.sum(tf.conv2d(x, f, 1, 'same')))(filter);
 * ```
 */
export const conv2DBackpropFilterWasmConfig: tf.KernelConfig = conv2DBackpropFilterConfig('wasm', wasmKernelMemory);
