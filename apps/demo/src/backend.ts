import { initWebgl } from '@gen/backend-webgl';
import { initBackend } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { ui } from './dom';
import { refitAdamToBackend } from './model';
import { showPrecision } from './precision';
import { state } from './state';

/**
 * Activates the webgl, wasm or cpu backend and shows it, with its precision settings, in the page; a model's Adam
 * takes the new backend's ε.
 */
export async function selectBackend(name: string): Promise<void> {
  if (name === 'webgl') await initWebgl();
  else await initBackend(name);
  state.backend = tf.getBackend();
  refitAdamToBackend();
  ui.backendActive.textContent = state.backend;
  ui.backend.value = state.backend;
  showPrecision();
}
