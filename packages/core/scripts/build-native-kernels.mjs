#!/usr/bin/env node
/**
 * Builds the Node addon that runs gen's fused kernels as x86-64 machine code (native/node/binding.c around
 * native/kernels/*.c, the same C the wasm module is built from) into native/build/gen_kernels.node:
 * the kernels twice, for AVX-512 (-mavx512f) and for AVX2 + FMA, each under its own name prefix, and the binding,
 * which picks the fastest build the CPU runs when it loads.
 *
 * It runs as the package's install script, so it never fails an install: it prints one line (built, or skipped and
 * why) and exits 0. What it needs: Linux or macOS on x86-64, a C compiler ($CC, else cc) and Node's C headers
 * (<prefix>/include/node/node_api.h next to the running node, as distribution packages and the official tarballs
 * ship them). A skipped or failed build leaves its reason in native/build/gen_kernels.missing.txt, which
 * src/kernels/fused/native-kernels.ts reports; without the addon gen runs the wasm build of the same kernels.
 *
 *   node scripts/build-native-kernels.mjs              build
 *   node scripts/build-native-kernels.mjs --verbose    also print every compiler command
 *   node scripts/build-native-kernels.mjs --out DIR    build into DIR instead of native/build (the tests use it)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const kernelsDir = join(root, 'native', 'kernels');
const nodeDir = join(root, 'native', 'node');
const outFlag = process.argv.indexOf('--out');
const buildDir =
  outFlag >= 0 && process.argv[outFlag + 1] ? resolve(process.argv[outFlag + 1]) : join(root, 'native', 'build');
const addon = join(buildDir, 'gen_kernels.node');
const missing = join(buildDir, 'gen_kernels.missing.txt');
const verbose = process.argv.includes('--verbose');
const tag = '[@gen/core]';

/** The builds of the kernels: name prefix and instruction-set flags. */
const BUILDS = [
  { isa: 'avx512', flags: ['-mavx512f', '-mavx2', '-mfma', '-mprefer-vector-width=512'] },
  { isa: 'avx2', flags: ['-mavx2', '-mfma'] },
];

/** Flags of every object: float32 as the wasm build rounds it (no contraction beyond the explicit multiply–adds). */
const COMMON_FLAGS = [
  '-std=c11',
  '-O3',
  '-ffp-contract=off',
  '-fno-math-errno',
  '-fPIC',
  '-fvisibility=hidden',
  '-Wall',
  '-Wextra',
  '-Werror',
];

/** Runs a command; resolves to '' on success, else the reason with its output. */
function run(command, args) {
  if (verbose) console.log(`${tag} ${command} ${args.join(' ')}`);
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => done(`could not run ${command} (${error.message})`));
    child.on('close', (status) => {
      const tail = output.trim().split('\n').slice(-15).join('\n    ');
      done(status === 0 ? '' : `${command} exited with status ${status}${tail ? `:\n    ${tail}` : ''}`);
    });
  });
}

/** Runs `jobs` (functions returning run()'s promise) `width` at a time; resolves to the first failure or ''. */
async function runAll(jobs, width) {
  let next = 0;
  let failure = '';
  const worker = async () => {
    while (next < jobs.length && !failure) {
      const job = jobs[next];
      next += 1;
      failure ||= await job();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return failure;
}

/** Why the addon cannot be built here, or '' when it can. */
function unsupported(headers) {
  if (process.arch !== 'x64') return `the native kernels are x86-64 only (this is ${process.arch})`;
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    return `the native kernels build on Linux and macOS only (this is ${process.platform})`;
  }
  if (!existsSync(join(headers, 'node_api.h'))) return `Node's C headers were not found (${headers}/node_api.h)`;
  return '';
}

async function build() {
  const headers = join(dirname(process.execPath), '..', 'include', 'node');
  const why = unsupported(headers);
  if (why) return why;
  const cc = process.env.CC || 'cc';
  const dir = mkdtempSync(join(buildDir, 'objects-'));
  try {
    const sources = readdirSync(kernelsDir)
      .filter((name) => name.endsWith('.c'))
      .sort()
      .map((name) => join(kernelsDir, name));
    const objects = [];
    const jobs = [];
    for (const { isa, flags } of BUILDS) {
      for (const source of [...sources, join(nodeDir, 'kernel_table.c')]) {
        const object = join(dir, `${isa}_${source.split('/').pop().replace(/\.c$/, '.o')}`);
        objects.push(object);
        const defines = [`-DGEN_NATIVE_PREFIX=${isa}_`, `-DGEN_NATIVE_ISA=${isa}`];
        jobs.push(() => run(cc, [...COMMON_FLAGS, ...flags, ...defines, '-c', source, '-o', object]));
      }
    }
    const binding = join(dir, 'binding.o');
    objects.push(binding);
    jobs.push(() => run(cc, [...COMMON_FLAGS, `-I${headers}`, '-c', join(nodeDir, 'binding.c'), '-o', binding]));
    const failure = await runAll(jobs, availableParallelism());
    if (failure) return failure;
    const linked = join(dir, 'gen_kernels.node');
    // Node's symbols (napi_*) resolve when the addon loads: undefined here, as node-gyp links addons.
    const undefinedSymbols = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [];
    const linkFailure = await run(cc, ['-shared', ...undefinedSymbols, '-o', linked, ...objects]);
    if (linkFailure) return linkFailure;
    renameSync(linked, addon);
    return '';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

mkdirSync(buildDir, { recursive: true });
rmSync(missing, { force: true });
const started = performance.now();
const failure = await build().catch((error) => `the build threw: ${error instanceof Error ? error.message : error}`);
if (failure) {
  rmSync(addon, { force: true });
  writeFileSync(missing, `${failure}\n`);
  console.log(`${tag} native kernels not built: ${failure.split('\n')[0]} (gen runs the wasm kernels instead)`);
} else {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${tag} native kernels built: ${addon} (AVX-512 and AVX2 builds, ${seconds} s)`);
}
