// Finds what scripts/build-native.mjs needs: nvcc and the CUDA toolkit around it, node-gyp, and Node's headers.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';

/**
 * What `GEN_CUDA_ARCHS=all` compiles for (sm_XX), where nvcc supports them: Turing, Ampere, Hopper and the two
 * Blackwell lines; sm_86/87/89 run the sm_80 code. PTX for PTX_ARCH lets the driver compile for newer GPUs.
 * CUDA 13 dropped sm_70 and older. Without GEN_CUDA_ARCHS the build compiles for the GPUs nvidia-smi lists.
 */
const CUBIN_ARCHS = [75, 80, 90, 100, 120];
const PTX_ARCH = 90;

/** How to build the CUDA addon after an install that skipped it. */
export const BUILD_LATER = 'pnpm --filter @gen/backend-cuda build:native';

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The nvcc to use: $CUDA_PATH/bin/nvcc, $CUDA_HOME/bin/nvcc, the first nvcc on PATH, /usr/local/cuda/bin/nvcc.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ path: string } | { missing: string }}
 */
export function findNvcc(env) {
  const candidates = [];
  if (env.CUDA_PATH) candidates.push(join(env.CUDA_PATH, 'bin', 'nvcc'));
  if (env.CUDA_HOME) candidates.push(join(env.CUDA_HOME, 'bin', 'nvcc'));
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, 'nvcc'));
  candidates.push('/usr/local/cuda/bin/nvcc');
  const path = candidates.find(isExecutable);
  if (path) return { path };
  return {
    missing:
      'nvcc was not found (looked in $CUDA_PATH/bin, $CUDA_HOME/bin, PATH and /usr/local/cuda/bin); ' +
      'install the CUDA toolkit, then rerun `node scripts/build-native.mjs` in the package',
  };
}

/**
 * The GPU architectures to compile for: GEN_CUDA_ARCHS when set (`all`, or compute capabilities such as `90` or
 * `80,90`), else those of the GPUs `nvidia-smi --query-gpu=compute_cap` lists. With neither, the CUDA build is
 * skipped: compiling for every architecture takes minutes, and a machine without a GPU cannot use the addon.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ archs: number[], all: boolean, source: string } | { error: string }}
 */
export function targetArchs(env) {
  const requested = env.GEN_CUDA_ARCHS?.trim();
  if (requested === 'all') return { archs: CUBIN_ARCHS, all: true, source: 'GEN_CUDA_ARCHS=all' };
  if (requested) {
    const archs = requested.split(',').map((arch) => arch.trim().replace(/^sm_/, '').replace('.', ''));
    if (archs.every((arch) => /^\d{2,3}$/.test(arch))) {
      return { archs: [...new Set(archs.map(Number))], all: false, source: `GEN_CUDA_ARCHS=${requested}` };
    }
    return {
      error: `GEN_CUDA_ARCHS=${requested.slice(0, 80)} is neither \`all\` nor compute capabilities such as 90 or 80,90`,
    };
  }
  const smi = spawnSync('nvidia-smi', ['--query-gpu=compute_cap', '--format=csv,noheader'], {
    encoding: 'utf8',
    env,
    timeout: 30_000,
  });
  const archs = [
    ...new Set([...(smi.stdout ?? '').matchAll(/^\s*(\d+)\.(\d)\s*$/gm)].map((m) => Number(`${m[1]}${m[2]}`))),
  ];
  if (smi.status === 0 && archs.length > 0) {
    return { archs, all: false, source: `the GPU${archs.length > 1 ? 's' : ''} nvidia-smi lists` };
  }
  const why = smi.error ? 'nvidia-smi was not found' : `nvidia-smi lists no GPU (exit status ${smi.status})`;
  return {
    error:
      `no NVIDIA GPU here (${why}); to build it anyway: GEN_CUDA_ARCHS=all ${BUILD_LATER} ` +
      '(or `node scripts/build-native.mjs` in the package; GEN_CUDA_ARCHS=90 or 80,90 picks architectures)',
  };
}

/**
 * The toolkit `nvcc` belongs to: its root (from `nvcc --dryrun`, since nvcc may be a wrapper script outside the
 * toolkit), headers, static runtime, version, and the -gencode flags for the target architectures it supports.
 * @param {string} nvcc
 * @param {{ archs: number[], all: boolean }} target - from {@link targetArchs}
 */
export function findCudaToolkit(nvcc, target) {
  if (process.platform !== 'linux') return { error: `the CUDA build supports Linux only, not ${process.platform}` };
  const run = (args) => spawnSync(nvcc, args, { encoding: 'utf8' });

  const versionRun = run(['--version']);
  if (versionRun.status !== 0) {
    return {
      error: `\`${nvcc} --version\` failed (${versionRun.error?.message ?? `exit status ${versionRun.status}`})`,
    };
  }
  const version = /release (\d+\.\d+)/.exec(versionRun.stdout)?.[1] ?? 'unknown';

  const dryRun = run(['--dryrun', '-x', 'cu', '-c', '/dev/null', '-o', '/dev/null']);
  const topLine = /^#\$ TOP=(.*)$/m.exec(`${dryRun.stdout}${dryRun.stderr}`);
  const root = topLine?.[1] ? resolve(topLine[1].trim()) : resolve(dirname(nvcc), '..');
  const targetDir = join(root, 'targets', `${process.arch === 'arm64' ? 'sbsa' : 'x86_64'}-linux`);
  const include = [join(root, 'include'), join(targetDir, 'include')].find((dir) =>
    existsSync(join(dir, 'cuda_runtime_api.h')),
  );
  const cudartStatic = [join(root, 'lib64'), join(root, 'lib'), join(targetDir, 'lib')]
    .map((dir) => join(dir, 'libcudart_static.a'))
    .find((file) => existsSync(file));
  if (!include) return { error: `the CUDA headers (cuda_runtime_api.h) were not found under ${root}` };
  if (!cudartStatic) return { error: `the static CUDA runtime (libcudart_static.a) was not found under ${root}` };

  // `--list-gpu-code` prints the sm_XX this nvcc can compile for (CUDA ≥ 11.0).
  const codes = run(['--list-gpu-code']);
  const supported = new Set(
    codes.status === 0 ? [...codes.stdout.matchAll(/sm_(\d+)/g)].map((match) => Number(match[1])) : target.archs,
  );
  const cubins = target.archs.filter((arch) => supported.has(arch));
  if (cubins.length === 0) {
    return { error: `nvcc ${version} compiles for none of ${target.archs.map((a) => `sm_${a}`).join(', ')}` };
  }
  const ptx = target.all && supported.has(PTX_ARCH) ? PTX_ARCH : Math.max(...cubins);
  // nvcc ≥ 11.2 compiles the architectures of one file in parallel with --threads 0.
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const threads = cubins.length > 1 && (major > 11 || (major === 11 && minor >= 2)) ? ['--threads=0'] : [];
  const archFlags = [
    ...cubins.map((arch) => `-gencode=arch=compute_${arch},code=sm_${arch}`),
    `-gencode=arch=compute_${ptx},code=compute_${ptx}`,
    ...threads,
  ];
  const archSummary = `${cubins.map((arch) => `sm_${arch}`).join(', ')} and PTX compute_${ptx}`;
  return { nvcc, version, root, include, cudartStatic, archFlags, archSummary };
}

/**
 * The command that runs node-gyp: the package's own devDependency, else the one the package manager names
 * (npm_config_node_gyp) or puts on PATH (pnpm), else the one bundled with the npm next to this Node.
 * @param {string} packageRoot
 * @param {NodeJS.ProcessEnv} env
 * @returns {string[] | undefined}
 */
export function findNodeGyp(packageRoot, env) {
  try {
    return [process.execPath, createRequire(join(packageRoot, 'package.json')).resolve('node-gyp/bin/node-gyp.js')];
  } catch {
    // Not installed as a dependency: try the package manager's.
  }
  const configured = env.npm_config_node_gyp;
  if (configured && existsSync(configured)) {
    return configured.endsWith('.js') ? [process.execPath, configured] : [configured];
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, 'node-gyp'))) return [join(dir, 'node-gyp')];
  }
  const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp');
  const script = join(bundled, 'bin', 'node-gyp.js');
  return existsSync(script) ? [process.execPath, script] : undefined;
}

/**
 * The install prefix of the running Node when it ships its C headers (<prefix>/include/node/node_api.h, as distro
 * packages and the official tarballs do), for npm_config_nodedir.
 * @param {string} execPath
 * @returns {string | undefined}
 */
export function nodeHeadersPrefix(execPath) {
  const prefix = resolve(dirname(execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}
