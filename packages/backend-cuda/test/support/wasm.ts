import { registerGenKernels } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';

/**
 * Registers tfjs's wasm backend (the reference of every comparison) with the kernels gen adds to it, initialises it
 * and makes it active.
 */
export async function loadWasm(): Promise<void> {
  await import('@tensorflow/tfjs-backend-wasm');
  registerGenKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend failed to initialise.');
}
