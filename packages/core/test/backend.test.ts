import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { backendUnavailableReason, detectEnvironment, initBackend } from '../src/backend/index.js';
import { BackendUnavailableError, InvalidArgumentError } from '../src/errors/index.js';
import { declareBackendUnavailable } from '../src/internal.js';

afterAll(async () => {
  await initBackend('cpu');
});

describe('initBackend', () => {
  it('detects Node', () => {
    expect(detectEnvironment()).toBe('node');
  });

  it('picks wasm in Node with auto (the default), importing the optional peer on demand', async () => {
    expect(await initBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it("puts gen's wasm kernel replacements in place when it imports tfjs-backend-wasm itself, without tfjs's warning", async () => {
    const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'wasm-kernel-replacements.ts');
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((done, fail) => {
      execFile(process.execPath, ['--import', 'tsx', fixture], { timeout: 120_000 }, (error, out, err) => {
        if (error !== null) fail(new Error(`the fixture failed: ${err}`));
        else done({ stdout: out, stderr: err });
      });
    });
    expect(JSON.parse(stdout.trim())).toEqual({ backend: 'wasm', replaced: [true] });
    expect(stderr).not.toMatch(/already registered/);
  });

  it('sets a named backend and reports it', async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await initBackend('wasm')).toBe('wasm');
  });

  it('refuses an unknown name and lists the valid ones', async () => {
    const attempt = initBackend('tpu');
    await expect(attempt).rejects.toThrow(InvalidArgumentError);
    await expect(initBackend('tpu')).rejects.toThrow(/"preference": expected one of "auto", "cpu", "wasm", "webgl"/);
  });

  it('explains why a known backend is unavailable here', async () => {
    await expect(initBackend('webgpu')).rejects.toThrow(BackendUnavailableError);
    await expect(initBackend('webgpu')).rejects.toThrow(/@tensorflow\/tfjs-backend-webgpu is not installed/);
    await expect(initBackend('cuda')).rejects.toThrow(/"cuda" is not available/);
    await expect(initBackend('webgl')).rejects.toThrow(/"webgl" is not available/);
  });

  it('rejects a non-string preference', async () => {
    await expect(initBackend(3 as unknown as string)).rejects.toThrow(/"preference".*received 3/);
  });
});

describe('declareBackendUnavailable', () => {
  it('makes initBackend report the declared reason, and auto fall back past it', async () => {
    expect(backendUnavailableReason('gen-test-gpu')).toBeUndefined();
    declareBackendUnavailable('gen-test-gpu', 'no test device is attached.');
    expect(backendUnavailableReason('gen-test-gpu')).toBe('no test device is attached.');
    await expect(initBackend('gen-test-gpu')).rejects.toThrow(BackendUnavailableError);
    await expect(initBackend('gen-test-gpu')).rejects.toThrow(/no test device is attached/);
    declareBackendUnavailable('cuda', 'no CUDA-capable device is detected.');
    await expect(initBackend('cuda')).rejects.toThrow(/no CUDA-capable device is detected/);
    expect(await initBackend('auto')).toBe('wasm');
  });

  it('names a bad argument', () => {
    expect(() => declareBackendUnavailable('', 'why')).toThrow(/"name"/);
    expect(() => declareBackendUnavailable('cuda', '')).toThrow(/"reason"/);
  });
});
