import { initWebgl } from '@gen/backend-webgl';
import { initBackend } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { ui } from './dom';
import { state } from './state';

export async function selectBackend(name: string): Promise<void> {
  if (name === 'webgl') await initWebgl();
  else await initBackend(name);
  state.backend = tf.getBackend();
  ui.backendActive.textContent = state.backend;
  ui.backend.value = state.backend;
}
