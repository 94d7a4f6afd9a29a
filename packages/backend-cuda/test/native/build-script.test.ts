/**
 * scripts/build-native.mjs in --dry-run mode (it builds nothing, so it cannot disturb the addons the other tests
 * load): one line per target, built or skipped with the reason, exit status 0, and how it reads a CUDA toolkit.
 * The toolkits here are fakes: a shell script answering nvcc's --version, --dryrun and --list-gpu-code.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/build-native.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'gen-cuda-toolkit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fake toolkit root whose bin/nvcc runs `body` (a POSIX shell `case` on $1); optional headers and runtime. */
function fakeToolkit(name: string, body: string, files: readonly string[] = []): string {
  const root = join(scratch, name);
  mkdirSync(join(root, 'bin'), { recursive: true });
  writeFileSync(join(root, 'bin', 'nvcc'), `#!/bin/sh\ncase "$1" in\n${body}\nesac\n`);
  chmodSync(join(root, 'bin', 'nvcc'), 0o755);
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '');
  }
  return root;
}

const NVCC_12_8 = [
  '  --version) echo "Cuda compilation tools, release 12.8, V12.8.93";;',
  '  --dryrun) echo "#\\$ TOP=$(dirname "$0")/.." >&2;;',
  '  --list-gpu-code) printf "sm_80\\nsm_90\\n";;',
].join('\n');

function dryRun(env: NodeJS.ProcessEnv): { status: number | null; lines: string[] } {
  const result = spawnSync(process.execPath, [script, '--dry-run'], { env, encoding: 'utf8' });
  return { status: result.status, lines: result.stdout.trim().split('\n') };
}

describe('scripts/build-native.mjs --dry-run', () => {
  it('names node-gyp, the headers and one line per target, and exits 0', () => {
    const { status, lines } = dryRun(process.env);
    expect(status).toBe(0);
    expect(lines).toContain('[@gen/backend-cuda] gen_cuda_host.node: would be built');
    expect(lines.filter((line) => line.startsWith('[@gen/backend-cuda] gen_cuda.node: would be '))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('[@gen/backend-cuda] node-gyp: '))).toBe(true);
  });

  it('skips the CUDA target, saying why, when nvcc does not run', () => {
    const root = fakeToolkit('broken', '  *) exit 1;;');
    const { status, lines } = dryRun({ ...process.env, CUDA_PATH: root });
    expect(status).toBe(0);
    expect(lines).toContain(
      `[@gen/backend-cuda] gen_cuda.node: would be skipped: \`${root}/bin/nvcc --version\` failed (exit status 1)`,
    );
  });

  it('skips the CUDA target when the toolkit lacks its headers or static runtime', () => {
    const noHeaders = fakeToolkit('no-headers', NVCC_12_8);
    expect(dryRun({ ...process.env, CUDA_PATH: noHeaders }).lines).toContain(
      `[@gen/backend-cuda] gen_cuda.node: would be skipped: the CUDA headers (cuda_runtime_api.h) were not found under ${noHeaders}`,
    );
    const noRuntime = fakeToolkit('no-runtime', NVCC_12_8, ['include/cuda_runtime_api.h']);
    expect(dryRun({ ...process.env, CUDA_PATH: noRuntime }).lines).toContain(
      `[@gen/backend-cuda] gen_cuda.node: would be skipped: the static CUDA runtime (libcudart_static.a) was not found under ${noRuntime}`,
    );
  });

  it('compiles for the architectures the nvcc supports, with PTX for forward compatibility', () => {
    const root = fakeToolkit('cuda-12.8', NVCC_12_8, ['include/cuda_runtime_api.h', 'lib64/libcudart_static.a']);
    expect(dryRun({ ...process.env, CUDA_PATH: root }).lines).toContain(
      `[@gen/backend-cuda] gen_cuda.node: would be built with ${root}/bin/nvcc (CUDA 12.8) for sm_80, sm_90 and PTX compute_90`,
    );
  });

  it('skips the CUDA target when the nvcc supports none of the architectures', () => {
    const old = NVCC_12_8.replace('sm_80\\nsm_90', 'sm_50\\nsm_52');
    const root = fakeToolkit('old', old, ['include/cuda_runtime_api.h', 'lib/libcudart_static.a']);
    expect(dryRun({ ...process.env, CUDA_PATH: root }).lines).toContain(
      '[@gen/backend-cuda] gen_cuda.node: would be skipped: nvcc 12.8 compiles for none of sm_75, sm_80, sm_90, sm_100, sm_120',
    );
  });
});
