import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as internal from '../src/internal.js';

/** The run-time kernel plumbing, exported from `@gen/backend-cuda/internal` only. */
const PLUMBING = ['CUDA_GRADIENT_CONFIGS', 'CUDA_KERNEL_CONFIGS'];

/** What users call. */
const USER_FACING = ['CudaUnsupportedError', 'cudaDeviceInfo', 'initCuda', 'registerCudaBackend'];

describe('@gen/backend-cuda public surface', () => {
  it('exports the kernel configs from ./internal and not from the root', () => {
    for (const name of PLUMBING) expect(Object.hasOwn(root, name), `root exports ${name}`).toBe(false);
    expect(Object.keys(internal).sort()).toEqual([...PLUMBING].sort());
  });

  it('keeps exactly what users call at the root', () => {
    expect(Object.keys(root).sort()).toEqual([...USER_FACING].sort());
  });

  it('exports the native addon interface `NativeBinding` from ./internal only (a type: tsc checks this, `pnpm typecheck`)', () => {
    const fromInternal: internal.NativeBinding | undefined = undefined;
    // @ts-expect-error NativeBinding is not a root export.
    const fromRoot: root.NativeBinding | undefined = undefined;
    expect([fromInternal, fromRoot]).toEqual([undefined, undefined]);
  });

  it('maps ./internal in package.json, types first', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(manifest.exports['./internal']).toEqual({ types: './dist/internal.d.ts', import: './dist/internal.js' });
    expect(Object.keys(manifest.exports['./internal'])).toEqual(['types', 'import']);
  });
});
