/**
 * The CUDA build: where nvcc was found at install it must load, and its probe must say whether a GPU can be used
 * (with the CUDA error and what it means when not). With a GPU, every function case must give what the host build
 * gives: the same bits where both builds round the same operations, within the case's stated tolerance otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bindingPath } from '../../src/native/load-binding.js';
import { ALL_CASES } from './cases/all-cases.js';
import { cudaBinding, cudaLoad, hostBinding } from './support/bindings.js';
import { expectClose } from './support/compare.js';
import { withSession } from './support/session.js';

describe('the CUDA build of the addon', () => {
  it('loads, or says why it was not built', () => {
    if ('error' in cudaLoad) {
      expect(cudaLoad.error).toContain('the CUDA addon was not built');
      expect(cudaLoad.error).toContain(bindingPath('cuda'));
      expect(cudaLoad.error).toContain('node scripts/build-native.mjs');
      // The build script's own reason (no nvcc, no GPU, a failed compile), when it left one.
      const reasonFile = bindingPath('cuda').replace(/\.node$/, '.missing.txt');
      if (existsSync(reasonFile)) expect(cudaLoad.error).toContain(readFileSync(reasonFile, 'utf8').trim());
    } else {
      expect(cudaLoad.binding.probe().mode).toBe('cuda');
    }
  });

  it('probes without throwing and reports the CUDA runtime version', () => {
    if ('error' in cudaLoad) return;
    const probe = cudaLoad.binding.probe();
    expect(probe.runtimeVersion).toBeGreaterThanOrEqual(11000);
    if (probe.available) {
      expect(probe.reason).toBe('');
      expect(probe.deviceName).not.toBe('');
      expect(probe.computeCapability).toMatch(/^\d+\.\d+$/);
      expect(probe.totalMemoryBytes).toBeGreaterThan(0);
    } else {
      // e.g. "cudaGetDeviceCount failed: no CUDA-capable device is detected (cudaErrorNoDevice): no CUDA-capable GPU
      // is visible to this process: …; the cuda backend cannot run here (…)"
      expect(probe.reason).toMatch(/^cuda\w+ (failed|found)/);
      expect(probe.reason).toContain('the cuda backend cannot run here');
      expect(probe.deviceName).toBe('');
    }
  });

  it('fails allocations with the CUDA error when no GPU can be used', () => {
    if ('error' in cudaLoad) return;
    const { binding } = cudaLoad;
    if (binding.probe().available) return;
    expect(() => binding.alloc(16)).toThrow(/^alloc: cudaMalloc\(16 bytes\) failed: .+ \(cuda\w+\)$/);
    expect(binding.bytesInUse()).toBe(0);
  });
});

describe.runIf(cudaBinding !== undefined)('the CUDA build against the host build (GPU present)', () => {
  const cuda = cudaBinding;
  const host = hostBinding();
  it.each(ALL_CASES.map((c) => [c.name, c] as const))('%s', (name, nativeCase) => {
    if (cuda === undefined) return;
    const onGpu = withSession(cuda, (session) => nativeCase.run(session));
    const onHost = withSession(host, (session) => nativeCase.run(session));
    expectClose(onGpu, Array.from(onHost), nativeCase.crossTolerance, `${name} (cuda vs host)`);
  });
});
