import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as internal from '../src/internal.js';

/** The run-time kernel plumbing, exported from `@gen/backend-webgl/internal` only. */
const PLUMBING = [
  'genLinearCombinationConfig',
  'LinearCombinationProgram',
  'registerWebglKernels',
  'WEBGL_GRADIENT_CONFIGS',
  'WEBGL_KERNEL_CONFIGS',
  'WEBGL_KERNEL_REPLACEMENTS',
];

/** What users call. */
const USER_FACING = ['initWebgl', 'webglCapabilities', 'webglPrecisionSettings'];

describe('@gen/backend-webgl public surface', () => {
  it('exports the kernel plumbing from ./internal and not from the root', () => {
    for (const name of PLUMBING) expect(Object.hasOwn(root, name), `root exports ${name}`).toBe(false);
    expect(Object.keys(internal).sort()).toEqual([...PLUMBING].sort());
  });

  it('keeps exactly what users call at the root', () => {
    expect(Object.keys(root).sort()).toEqual([...USER_FACING].sort());
  });

  it('exports the shader uniform type `CoefficientUniform` from ./internal only (a type: tsc checks this, `pnpm typecheck`)', () => {
    const fromInternal: internal.CoefficientUniform | undefined = undefined;
    // @ts-expect-error CoefficientUniform is not a root export.
    const fromRoot: root.CoefficientUniform | undefined = undefined;
    expect([fromInternal, fromRoot]).toEqual([undefined, undefined]);
  });

  it('maps ./internal in package.json, types first', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(manifest.exports['./internal']).toEqual({ types: './dist/internal.d.ts', import: './dist/internal.js' });
    expect(Object.keys(manifest.exports['./internal'])).toEqual(['types', 'import']);
  });
});
