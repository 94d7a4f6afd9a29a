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
  it.skipIf(!sameClang)('is exactly what scripts/build-wasm-kernels.mjs builds from native/kernels', () => {
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
      'gen_mlp_backward_rows',
      'gen_mlp_backward_scratch_floats',
      'gen_mlp_delta_width',
      'gen_mlp_divergence',
      'gen_mlp_divergence_scratch_floats',
      'gen_mlp_forward',
      'gen_mlp_forward_scratch_floats',
      'gen_mlp_gradient_units',
      'gen_mlp_pack',
      'gen_mlp_packed_floats',
      'gen_mlp_parameter_grads',
      'gen_mlp_tape_width',
    ]);
    expect(fusedKernelsSupported()).toBe(true);
    // A plain (unshared) memory is refused: the module is built for threads sharing one memory.
    expect(() => instantiateGenKernels(new WebAssembly.Memory({ initial: 2, maximum: 16384 }))).toThrow(
      WebAssembly.LinkError,
    );
  });

  it('updates a row range only: gen_adam_update leaves the elements outside [rowBegin, rowEnd) untouched', () => {
    const memory = createGenKernelsMemory();
    const kernels = instantiateGenKernels(memory);
    const base = kernels.__heap_base.value as number;
    const heap = new Float32Array(memory.buffer);
    const [params, grads, m, v] = [0, 16, 32, 48].map((offset) => base / 4 + offset) as [
      number,
      number,
      number,
      number,
    ];
    heap.set([1, 2, 3, 4, 5, 6, 7, 8, 9], params);
    heap.fill(1, grads, grads + 9);
    // First step of Adam(lr 0.5, β 0.9/0.999, ε 1e-7) with g = 1: m = 0.1, v = 0.001, θ ← θ − 0.5·(1/(1 + 1e-7)).
    kernels.gen_adam_update(
      params * 4,
      grads * 4,
      m * 4,
      v * 4,
      0.9,
      Math.fround(0.1),
      0.999,
      Math.fround(0.001),
      Math.fround(0.1),
      Math.fround(0.001),
      Math.fround(1e-7),
      -0.5,
      2,
      7,
    );
    const after = Array.from(heap.subarray(params, params + 9));
    expect(after.slice(0, 2)).toEqual([1, 2]);
    expect(after.slice(7)).toEqual([8, 9]);
    for (let i = 2; i < 7; i += 1) expect(after[i]).toBeCloseTo(i + 1 - 0.5, 5);
    expect(heap[m + 1]).toBe(0);
    expect(heap[m + 2]).toBeCloseTo(0.1, 6);
  });
});
