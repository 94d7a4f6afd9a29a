#!/usr/bin/env node
// Builds the native addons of @gen/backend-cuda from native/binding.gyp with node-gyp, into native/build/Release:
//   gen_cuda_host.node  always (a C++ compiler, make and Python, which node-gyp needs);
//   gen_cuda.node       when nvcc is found (CUDA_PATH, CUDA_HOME, PATH, /usr/local/cuda/bin, in that order) and
//                       there is something to compile for: the GPUs nvidia-smi lists, or GEN_CUDA_ARCHS
//                       (`all`, or compute capabilities such as 90 or 80,90). nvcc takes a minute or more (measured
//                       on 2 busy cores: 50 s for sm_90, 120 s for five architectures compiled one at a time), so a
//                       machine without a GPU skips it (`GEN_CUDA_ARCHS=all pnpm --filter @gen/backend-cuda
//                       build:native` builds it later).
// It runs as the package's install script, so it never fails an install: it prints a line before each compile and
// one line per target, built or skipped and why, and exits 0. A skipped or failed CUDA target leaves its reason in
// native/build/Release/gen_cuda.missing.txt, which src/native/load-binding.ts reports when the addon is asked for.
//
//   node scripts/build-native.mjs             build both targets (the CUDA one as above)
//   node scripts/build-native.mjs --dry-run   print what would be built, with which tools, and build nothing
//   node scripts/build-native.mjs --verbose   also print node-gyp's and the compilers' output
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCudaToolkit, findNodeGyp, findNvcc, nodeHeadersPrefix, targetArchs } from './find-toolchain.mjs';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(packageRoot, 'native');
const releaseDir = join(nativeDir, 'build', 'Release');
const dryRun = process.argv.includes('--dry-run');
const verbose = process.argv.includes('--verbose');
const tag = '[@gen/backend-cuda]';
/** Where a CUDA target that was not built leaves its reason (read by src/native/load-binding.ts). */
const MISSING_FILE = 'gen_cuda.missing.txt';

/** Runs node-gyp in native/; returns '' on success, else the reason with the last lines of its output. */
function nodeGyp(nodeGypCommand, args, env) {
  const [command, ...prefix] = nodeGypCommand;
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: nativeDir,
    env,
    encoding: 'utf8',
    stdio: verbose ? 'inherit' : 'pipe',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) return `could not run node-gyp (${result.error.message})`;
  if (result.status === 0) return '';
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('gyp info'))
    .slice(-25)
    .map((line) => `    ${line}`)
    .join('\n');
  return `node-gyp ${args[0]} exited with status ${result.status}${output ? `:\n${output}` : ''}`;
}

function main() {
  const env = { ...process.env };
  // node-gyp otherwise downloads Node's headers, which fails offline; the running Node's own install has them.
  const headersPrefix = nodeHeadersPrefix(process.execPath);
  if (!env.npm_config_nodedir && headersPrefix) env.npm_config_nodedir = headersPrefix;

  const nvcc = findNvcc(env);
  const target = nvcc.path ? targetArchs(env) : { error: nvcc.missing };
  const toolkit = target.error ? target : findCudaToolkit(nvcc.path, target);
  const nodeGypCommand = findNodeGyp(packageRoot, env);

  const gypDefines = toolkit.error
    ? ['-Dgen_with_cuda=0']
    : [
        '-Dgen_with_cuda=1',
        `-Dgen_nvcc=${toolkit.nvcc}`,
        `-Dgen_cuda_include=${toolkit.include}`,
        `-Dgen_cudart_static=${toolkit.cudartStatic}`,
        `-Dgen_cuda_arch_flags=${toolkit.archFlags.join(' ')}`,
      ];

  if (dryRun) {
    console.log(`${tag} node-gyp: ${nodeGypCommand ? nodeGypCommand.join(' ') : 'not found'}`);
    console.log(`${tag} npm_config_nodedir: ${env.npm_config_nodedir ?? '(unset: node-gyp downloads headers)'}`);
    if (!nodeGypCommand) {
      console.log(`${tag} gen_cuda_host.node, gen_cuda.node: would be skipped: node-gyp was not found`);
      return;
    }
    console.log(`${tag} gen_cuda_host.node: would be built`);
    console.log(
      toolkit.error
        ? `${tag} gen_cuda.node: would be skipped: ${toolkit.error}`
        : `${tag} gen_cuda.node: would be built with ${toolkit.nvcc} (CUDA ${toolkit.version}) for ${toolkit.archSummary} (${target.source})`,
    );
    return;
  }

  // Outputs of an earlier build must not outlive a build that no longer makes them.
  for (const file of ['gen_cuda_host.node', 'gen_cuda.node', MISSING_FILE])
    rmSync(join(releaseDir, file), { force: true });
  /** Prints the CUDA target's outcome; a reason it was not built is also left for load-binding to report. */
  const cudaMissing = (outcome, reason) => {
    console.log(`${tag} gen_cuda.node: ${outcome}: ${reason}`);
    mkdirSync(releaseDir, { recursive: true });
    writeFileSync(join(releaseDir, MISSING_FILE), `${outcome} at install: ${reason}\n`);
  };

  if (!nodeGypCommand) {
    console.log(`${tag} gen_cuda_host.node: skipped: node-gyp was not found (add it with npm i -D)`);
    cudaMissing('skipped', 'node-gyp was not found (add it with npm i -D)');
    return;
  }
  const configureFailure = nodeGyp(nodeGypCommand, ['configure', '--', ...gypDefines], env);
  if (configureFailure) {
    console.log(`${tag} gen_cuda_host.node: not built: ${configureFailure}`);
    cudaMissing(
      'not built',
      `${configureFailure}\nrerun \`node scripts/build-native.mjs --verbose\` in the package to see why`,
    );
    return;
  }
  const jobs = `--jobs=${availableParallelism()}`;
  console.log(`${tag} building gen_cuda_host.node (C++)…`);
  const hostFailure = nodeGyp(nodeGypCommand, ['build', 'gen_cuda_host', jobs], env);
  console.log(`${tag} gen_cuda_host.node: ${hostFailure ? `not built: ${hostFailure}` : 'built'}`);

  if (toolkit.error) {
    cudaMissing('skipped', toolkit.error);
    return;
  }
  console.log(
    `${tag} building gen_cuda.node with CUDA ${toolkit.version} for ${toolkit.archSummary} (${target.source}; ` +
      'nvcc takes a minute or more)…',
  );
  const cudaFailure = nodeGyp(nodeGypCommand, ['build', 'gen_cuda', jobs], env);
  if (cudaFailure) {
    cudaMissing(
      'not built',
      `${cudaFailure}\nrerun \`node scripts/build-native.mjs --verbose\` in the package to see why`,
    );
  } else console.log(`${tag} gen_cuda.node: built with CUDA ${toolkit.version} for ${toolkit.archSummary}`);
}

try {
  main();
} catch (error) {
  console.log(`${tag} native build skipped: ${error instanceof Error ? error.message : String(error)}`);
}
process.exitCode = 0;
