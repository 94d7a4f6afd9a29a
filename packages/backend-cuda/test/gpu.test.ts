import { beforeAll, describe, expect, it } from 'vitest';
import { cudaDeviceInfo, initCuda } from '../src/index.js';
import { describeErrors } from './suites/errors.js';
import { describeKernelConformance } from './suites/kernel-conformance.js';
import { describeMemory } from './suites/memory.js';
import { describeSolverConformance } from './suites/solver-conformance.js';
import { describeTraining } from './suites/training.js';
import { loadWasm } from './support/wasm.js';

const info = cudaDeviceInfo();

// Runs only where the CUDA build of the addon found a device; skipped (not failed) elsewhere.
describe.runIf(info.available)(`on the CUDA device (${info.deviceName || 'none'})`, () => {
  beforeAll(async () => {
    await loadWasm();
    await initCuda();
  });

  it('reports the device', () => {
    expect(info.mode).toBe('cuda');
    expect(info.computeCapability).toMatch(/^\d+\.\d+$/);
    expect(info.totalMemoryBytes).toBeGreaterThan(0);
  });

  describeKernelConformance('cuda');
  describeSolverConformance('cuda');
  describeTraining('cuda');
  describeMemory('cuda');
  describeErrors('cuda');
});
