import { BackendUnavailableError, backendUnavailableReason, initBackend } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { cudaDeviceInfo, initCuda, registerCudaBackend } from '../src/index.js';
import { loadWasm } from './support/wasm.js';

const info = cudaDeviceInfo();

// What a user without a GPU (or without a CUDA toolkit at install) sees; skipped where a device is usable.
describe.runIf(!info.available)('without a usable CUDA device', () => {
  it('imports, and says why the device is unavailable', () => {
    expect(info.available).toBe(false);
    expect(info.reason).not.toBe('');
    expect(backendUnavailableReason('cuda')).toBe(info.reason);
    console.log(`cuda unavailable here: ${info.reason}`);
  });

  it('registers neither the backend nor its kernels', () => {
    expect(registerCudaBackend()).toBe(false);
    expect(tf.findBackendFactory('cuda')).toBeNull();
    expect(tf.getKernelsForBackend('cuda')).toEqual([]);
  });

  it('initCuda rejects with BackendUnavailableError naming the reason', async () => {
    const error = await initCuda().catch((e: unknown) => e);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as BackendUnavailableError).backend).toBe('cuda');
    expect((error as BackendUnavailableError).reason).toBe(info.reason);
  });

  it('initBackend("cuda") fails with the reason, and initBackend("auto") falls back to wasm', async () => {
    await loadWasm();
    await expect(initBackend('cuda')).rejects.toThrow(info.reason);
    expect(await initBackend('auto')).toBe('wasm');
  });
});
