/**
 * The kernels' index math with both index types a launch may choose (index-math/index_math_test.cc): the addon runs
 * every body with the 32-bit index the GPU uses up to 2³¹ − 1 elements, and this C++ program also runs the 64-bit
 * one, positions past 2³², the layout simplification and the launch geometry. It is compiled from the addon's own
 * headers with the C++ compiler the host build needs ($CXX, else c++).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const source = fileURLToPath(new URL('./index-math/index_math_test.cc', import.meta.url));
const nativeSources = fileURLToPath(new URL('../../native/src', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'gen-cuda-index-math-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the kernels’ index math (C++, both index types)', () => {
  it('matches coordinate-by-coordinate references', () => {
    const program = join(scratch, 'index_math_test');
    const compiler = process.env.CXX ?? 'c++';
    const compile = spawnSync(
      compiler,
      ['-std=c++17', '-O1', '-Wall', '-Wextra', '-Werror', `-I${nativeSources}`, source, '-o', program],
      { encoding: 'utf8' },
    );
    expect(compile.error, `running ${compiler}`).toBeUndefined();
    expect(`${compile.stdout}${compile.stderr}`, `${compiler} exit status ${compile.status}`).toBe('');
    const run = spawnSync(program, { encoding: 'utf8' });
    expect(run.stdout).toMatch(/^ok: \d+ checks\n$/);
    expect(run.status).toBe(0);
  });
});
