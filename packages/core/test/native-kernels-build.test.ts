import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * scripts/build-native-kernels.mjs, the package's install script: it builds the addon from the shipped C (with
 * -Werror), and where it cannot, it says why in one line and in a file, and still exits 0 so that installs go on.
 */
const script = join(import.meta.dirname, '..', 'scripts', 'build-native-kernels.mjs');
const dirs: string[] = [];
const buildInto = (env: NodeJS.ProcessEnv) => {
  const out = mkdtempSync(join(tmpdir(), 'gen-native-'));
  dirs.push(out);
  const run = spawnSync(process.execPath, [script, '--out', out], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { out, run };
};

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the native kernels build script', () => {
  it('reports a compiler that fails, leaves the reason next to where the addon would be, and exits 0', () => {
    const { out, run } = buildInto({ CC: 'false' });
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const reason = process.arch === 'x64' ? /false exited with status 1/ : /x86-64 only/;
    expect(lines[0]).toMatch(new RegExp(`not built: ${reason.source} \\(gen runs the wasm kernels instead\\)`));
    expect(existsSync(join(out, 'gen_kernels.node'))).toBe(false);
    expect(readFileSync(join(out, 'gen_kernels.missing.txt'), 'utf8')).toMatch(reason);
  });

  it.runIf(process.arch === 'x64' && process.platform === 'linux')(
    'builds both instruction sets from the shipped sources, and the addon it builds loads',
    () => {
      const { out, run } = buildInto({});
      expect(run.stdout).toMatch(/native kernels built: .*gen_kernels\.node \(AVX-512 and AVX2 builds/);
      expect(existsSync(join(out, 'gen_kernels.missing.txt'))).toBe(false);
      const load = spawnSync(
        process.execPath,
        ['-e', `console.log(require(${JSON.stringify(join(out, 'gen_kernels.node'))}).isas.join(','))`],
        { encoding: 'utf8' },
      );
      expect(load.stderr).toBe('');
      expect(['avx512,avx2', 'avx2']).toContain(load.stdout.trim());
    },
  );
});
