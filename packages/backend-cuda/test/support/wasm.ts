import * as tf from '@tensorflow/tfjs';

/** Registers tfjs's wasm backend (the reference of every comparison), initialises it and makes it active. */
export async function loadWasm(): Promise<void> {
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend failed to initialise.');
}
