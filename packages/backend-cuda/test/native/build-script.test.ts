/**
 * scripts/build-native.mjs in --dry-run mode (it builds nothing, so it cannot disturb the addons the other tests
 * load): one line per target, built or skipped with the reason, exit status 0, how it reads a CUDA toolkit, and which
 * GPU architectures it compiles for (the GPUs nvidia-smi lists, else GEN_CUDA_ARCHS, else none: skipped).
 * The toolkits here are fakes: a shell script answering nvcc's --version, --dryrun and --list-gpu-code; and so is
 * nvidia-smi, put first on PATH.
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

/** A PATH whose first folder holds a fake nvidia-smi printing `capabilities` (one per GPU) or failing with 9. */
function withGpus(capabilities: readonly string[], name: string): NodeJS.ProcessEnv {
  const bin = join(scratch, `smi-${name}`);
  mkdirSync(bin, { recursive: true });
  const body = capabilities.length
    ? `printf '${capabilities.map((c) => `${c}\\n`).join('')}'`
    : 'echo "NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver." >&2; exit 9';
  writeFileSync(join(bin, 'nvidia-smi'), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, 'nvidia-smi'), 0o755);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
  delete env.GEN_CUDA_ARCHS;
  return env;
}

const ONE_H100 = withGpus(['9.0'], 'h100');

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
    const { status, lines } = dryRun({ ...ONE_H100, CUDA_PATH: root });
    expect(status).toBe(0);
    expect(lines).toContain(
      `[@gen/backend-cuda] gen_cuda.node: would be skipped: \`${root}/bin/nvcc --version\` failed (exit status 1)`,
    );
  });

  it('skips the CUDA target when the toolkit lacks its headers or static runtime', () => {
    const noHeaders = fakeToolkit('no-headers', NVCC_12_8);
    expect(dryRun({ ...ONE_H100, CUDA_PATH: noHeaders }).lines).toContain(
      `[@gen/backend-cuda] gen_cuda.node: would be skipped: the CUDA headers (cuda_runtime_api.h) were not found under ${noHeaders}`,
    );
    const noRuntime = fakeToolkit('no-runtime', NVCC_12_8, ['include/cuda_runtime_api.h']);
    expect(dryRun({ ...ONE_H100, CUDA_PATH: noRuntime }).lines).toContain(
      `[@gen/backend-cuda] gen_cuda.node: would be skipped: the static CUDA runtime (libcudart_static.a) was not found under ${noRuntime}`,
    );
  });

  it('compiles for the GPU nvidia-smi lists, with its PTX', () => {
    const root = fakeToolkit('cuda-12.8', NVCC_12_8, ['include/cuda_runtime_api.h', 'lib64/libcudart_static.a']);
    expect(dryRun({ ...ONE_H100, CUDA_PATH: root }).lines).toContain(
      `[@gen/backend-cuda] gen_cuda.node: would be built with ${root}/bin/nvcc (CUDA 12.8) for sm_90 and PTX compute_90 (the GPU nvidia-smi lists)`,
    );
    const twoGpus = withGpus(['8.0', '8.0', '9.0'], 'a100-h100');
    expect(dryRun({ ...twoGpus, CUDA_PATH: root }).lines).toContain(
      `[@gen/backend-cuda] gen_cuda.node: would be built with ${root}/bin/nvcc (CUDA 12.8) for sm_80, sm_90 and PTX compute_90 (the GPUs nvidia-smi lists)`,
    );
  });

  it('skips the CUDA target without a GPU, saying how to build it anyway', () => {
    const root = fakeToolkit('cuda-12.8-no-gpu', NVCC_12_8, ['include/cuda_runtime_api.h', 'lib64/libcudart_static.a']);
    const { status, lines } = dryRun({ ...withGpus([], 'none'), CUDA_PATH: root });
    expect(status).toBe(0);
    expect(lines).toContain(
      '[@gen/backend-cuda] gen_cuda.node: would be skipped: no NVIDIA GPU here (nvidia-smi lists no GPU (exit status 9)); ' +
        'to build it anyway: GEN_CUDA_ARCHS=all pnpm --filter @gen/backend-cuda build:native (or `node scripts/build-native.mjs` ' +
        'in the package; GEN_CUDA_ARCHS=90 or 80,90 picks architectures)',
    );
    const noSmi = { ...process.env, PATH: join(root, 'bin'), CUDA_PATH: root, GEN_CUDA_ARCHS: '' };
    expect(dryRun(noSmi).lines.at(-1)).toMatch(/would be skipped: no NVIDIA GPU here \(nvidia-smi was not found\)/);
  });

  it('compiles for GEN_CUDA_ARCHS over the GPUs: all of its list, or the ones named', () => {
    const root = fakeToolkit('cuda-12.8-env', NVCC_12_8, ['include/cuda_runtime_api.h', 'lib64/libcudart_static.a']);
    const noGpu = withGpus([], 'none-env');
    expect(dryRun({ ...noGpu, CUDA_PATH: root, GEN_CUDA_ARCHS: 'all' }).lines).toContain(
      `[@gen/backend-cuda] gen_cuda.node: would be built with ${root}/bin/nvcc (CUDA 12.8) for sm_80, sm_90 and PTX compute_90 (GEN_CUDA_ARCHS=all)`,
    );
    expect(dryRun({ ...ONE_H100, CUDA_PATH: root, GEN_CUDA_ARCHS: '8.0' }).lines).toContain(
      `[@gen/backend-cuda] gen_cuda.node: would be built with ${root}/bin/nvcc (CUDA 12.8) for sm_80 and PTX compute_80 (GEN_CUDA_ARCHS=8.0)`,
    );
    expect(dryRun({ ...ONE_H100, CUDA_PATH: root, GEN_CUDA_ARCHS: 'sm90; rm -rf' }).lines).toContain(
      '[@gen/backend-cuda] gen_cuda.node: would be skipped: GEN_CUDA_ARCHS=sm90; rm -rf is neither `all` nor compute capabilities such as 90 or 80,90',
    );
  });

  it('skips the CUDA target when the nvcc supports none of the architectures', () => {
    const old = NVCC_12_8.replace('sm_80\\nsm_90', 'sm_50\\nsm_52');
    const root = fakeToolkit('old', old, ['include/cuda_runtime_api.h', 'lib/libcudart_static.a']);
    expect(dryRun({ ...ONE_H100, CUDA_PATH: root, GEN_CUDA_ARCHS: 'all' }).lines).toContain(
      '[@gen/backend-cuda] gen_cuda.node: would be skipped: nvcc 12.8 compiles for none of sm_75, sm_80, sm_90, sm_100, sm_120',
    );
    expect(dryRun({ ...ONE_H100, CUDA_PATH: root }).lines).toContain(
      '[@gen/backend-cuda] gen_cuda.node: would be skipped: nvcc 12.8 compiles for none of sm_90',
    );
  });
});
