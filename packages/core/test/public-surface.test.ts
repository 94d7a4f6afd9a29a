import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as internal from '../src/internal.js';

/** The run-time names gen's packages share among themselves, exported from `@gen/core/internal` only. */
const PLUMBING = [
  'CPU_BACKEND_WARNING',
  'CPU_KERNEL_FIXES',
  'FUSED_KERNEL_CONFIGS',
  'GEN_ADAM_UPDATE',
  'conv2DBackpropFilterAsConvConfig',
  'GEN_LINEAR_COMBINATION',
  'GEN_MLP_BACKWARD',
  'GEN_MLP_DIVERGENCE',
  'GEN_MLP_FORWARD',
  'createGenKernelsMemory',
  'fusedKernelsSupported',
  'fusedAdamAvailable',
  'fusedAdamUpdate',
  'fusedMlpAvailable',
  'fusedMlpDivergence',
  'fusedMlpDivergenceAvailable',
  'fusedMlpForward',
  'genKernelsModule',
  'instantiateGenKernels',
  'assertFiniteNumber',
  'assertFiniteTensor',
  'assertFixedGrid',
  'assertInteger',
  'assertMonotoneTimes',
  'assertNonNegative',
  'assertOneOf',
  'assertPositive',
  'assertTensor',
  'declareBackendUnavailable',
  'describeValue',
  'evaluateField',
  'formatBytes',
  'formatShape',
  'genLinearCombinationGradConfig',
  'gridPieces',
  'gridStep',
  'nearestSourceIndices',
  'registerGenKernels',
  'requireMemory',
  'tapeGradients',
  'WASM_KERNEL_CONFIGS',
  'WASM_KERNEL_REPLACEMENTS',
  'warnIfUnchosenCpuBackend',
];

/** Names users call that sit next to moved ones and stay at the root. */
const USER_FACING = [
  'initBackend',
  'backendUnavailableReason',
  'detectEnvironment',
  'linearCombination',
  'allocationLimit',
  'setAllocationLimit',
  'DEFAULT_ALLOCATION_LIMIT',
  'GenError',
  'InvalidArgumentError',
  'ShapeError',
  'NumericalError',
  'ResourceLimitError',
  'BackendUnavailableError',
  'KernelThreadError',
  'startFusedKernelThreads',
  'stopFusedKernelThreads',
  'fusedKernelThreads',
  'fusedKernelBuild',
];

describe('@gen/core public surface', () => {
  it('exports the plumbing from ./internal and not from the root', () => {
    for (const name of PLUMBING) {
      expect(Object.hasOwn(root, name), `root exports ${name}`).toBe(false);
      expect(Object.hasOwn(internal, name), `internal lacks ${name}`).toBe(true);
    }
    expect(Object.keys(internal).sort()).toEqual([...PLUMBING].sort());
  });

  it('moves rather than copies: no name is exported by both entries', () => {
    expect(Object.keys(internal).filter((name) => Object.hasOwn(root, name))).toEqual([]);
  });

  it('keeps what users call at the root', () => {
    for (const name of USER_FACING) expect(Object.hasOwn(root, name), `root lacks ${name}`).toBe(true);
  });

  it('maps ./internal in package.json, types first', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(manifest.exports['./internal']).toEqual({ types: './dist/internal.d.ts', import: './dist/internal.js' });
    expect(Object.keys(manifest.exports['./internal'])).toEqual(['types', 'import']);
  });
});
