import { BackendUnavailableError, initBackend } from '@gen/core';
import { GEN_LINEAR_COMBINATION } from '@gen/core/internal';
import { kernelsCovered } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { initWebgl, webglCapabilities } from '../src/index.js';
import {
  LinearCombinationProgram,
  registerWebglKernels,
  WEBGL_GRADIENT_CONFIGS,
  WEBGL_KERNEL_CONFIGS,
  WEBGL_KERNEL_REPLACEMENTS,
} from '../src/internal.js';

describe('@gen/backend-webgl in Node (no WebGL)', () => {
  it('registers the kernel and its gradient idempotently (a second call registers nothing, so tfjs warns nothing)', () => {
    const warn = vi.spyOn(console, 'warn');
    registerWebglKernels();
    registerWebglKernels();
    const [config] = WEBGL_KERNEL_CONFIGS;
    expect(tf.getKernel(GEN_LINEAR_COMBINATION, 'webgl')?.kernelFunc).toBe(config?.kernelFunc);
    expect(tf.getGradient(GEN_LINEAR_COMBINATION)?.gradFunc).toBe(WEBGL_GRADIENT_CONFIGS[0]?.gradFunc);
    expect(WEBGL_KERNEL_REPLACEMENTS.map((k) => [k.kernelName, k.backendName])).toEqual([
      ['Conv2DBackpropFilter', 'webgl'],
    ]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'webgl')?.kernelFunc).toBe(WEBGL_KERNEL_REPLACEMENTS[0]?.kernelFunc);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('registers only kernels the shared conformance suite covers', () => {
    const covered = kernelsCovered();
    const kernels = [...WEBGL_KERNEL_CONFIGS, ...WEBGL_KERNEL_REPLACEMENTS].map((k) => k.kernelName);
    expect(kernels.filter((k) => !covered.includes(k))).toEqual([]);
  });

  it('initWebgl fails with a clear BackendUnavailableError', async () => {
    await expect(initWebgl()).rejects.toThrow(BackendUnavailableError);
    await expect(initWebgl()).rejects.toThrow(/webgl.*not available/i);
  });

  it('webglCapabilities refuses a non-webgl backend', async () => {
    await initBackend('cpu');
    expect(() => webglCapabilities()).toThrow(/needs the webgl backend/);
  });

  it('builds one shader per term count with a uniform coefficient array', () => {
    const p = new LinearCombinationProgram(10, 3);
    expect(p.variableNames).toEqual(['base', 'term0', 'term1', 'term2']);
    expect(p.outputShape).toEqual([10]);
    expect(p.customUniforms).toEqual([{ name: 'coefficients', arrayIndex: 3, type: 'float' }]);
    expect(p.userCode).toContain('coefficients[2] * getTerm2AtOutCoords()');
  });
});
