import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  createGenKernelsMemory,
  fusedKernelsSupported,
  genKernelsModule,
  instantiateGenKernels,
} from '../src/kernels/fused/gen-kernels-module.js';
import { GEN_KERNELS_CLANG, GEN_KERNELS_WASM_BASE64 } from '../src/kernels/fused/gen-kernels-wasm.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The local clang's version line, or undefined without clang. */
function localClang(): string | undefined {
  try {
    return execFileSync('clang', ['--version'], { encoding: 'utf8' }).split('\n')[0]?.trim();
  } catch {
    return undefined;
  }
}

const clang = localClang();
const sameClang = clang !== undefined && clang.replace(/'/g, '') === GEN_KERNELS_CLANG;
if (!sameClang) {
  console.warn(
    `SKIPPED: the shipped wasm kernels were built by "${GEN_KERNELS_CLANG}"; this machine has ` +
      `${clang === undefined ? 'no clang' : `"${clang}"`}, so the shipped binary is not compared with a rebuild.`,
  );
}

describe("gen's fused wasm kernels module", () => {
  it.skipIf(!sameClang)('is exactly what scripts/build-wasm-kernels.mjs builds from native/wasm', () => {
    const printed = execFileSync('node', [join(packageRoot, 'scripts', 'build-wasm-kernels.mjs'), '--print'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const { base64 } = JSON.parse(printed) as { base64: string };
    expect(base64.length).toBeGreaterThan(1000);
    expect(base64 === GEN_KERNELS_WASM_BASE64).toBe(true);
  });

  it('imports only a shared memory and exports the ABI of gen_kernels.h', () => {
    const module = genKernelsModule();
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(
      WebAssembly.Module.exports(module)
        .map((e) => e.name)
        .sort(),
    ).toEqual([
      '__heap_base',
      'gen_adam_update',
      'gen_add_into',
      'gen_mlp_backward',
      'gen_mlp_backward_scratch_floats',
      'gen_mlp_divergence',
      'gen_mlp_divergence_scratch_floats',
      'gen_mlp_forward',
      'gen_mlp_forward_scratch_floats',
      'gen_mlp_pack',
      'gen_mlp_packed_floats',
      'gen_mlp_tape_width',
    ]);
    expect(fusedKernelsSupported()).toBe(true);
    // A plain (unshared) memory is refused: the module is built for threads sharing one memory.
    expect(() => instantiateGenKernels(new WebAssembly.Memory({ initial: 2, maximum: 16384 }))).toThrow(
      WebAssembly.LinkError,
    );
  });

  it('adds a row range only: gen_add_into leaves the elements outside [rowBegin, rowEnd) untouched', () => {
    const memory = createGenKernelsMemory();
    const kernels = instantiateGenKernels(memory);
    const base = kernels.__heap_base.value as number;
    const heap = new Float32Array(memory.buffer);
    const [target, source] = [base / 4, base / 4 + 16];
    heap.set([1, 2, 3, 4, 5, 6, 7, 8, 9], target);
    heap.set([10, 20, 30, 40, 50, 60, 70, 80, 90], source);
    kernels.gen_add_into(target * 4, source * 4, 2, 7);
    expect(Array.from(heap.subarray(target, target + 9))).toEqual([1, 2, 33, 44, 55, 66, 77, 8, 9]);
  });
});
