import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fusedKernelBuild, InvalidArgumentError, initBackend, randomUniform } from '../src/index.js';
import { FusedRuntime, fusedRuntime } from '../src/kernels/fused/fused-runtime.js';
import { createGenKernelsMemory } from '../src/kernels/fused/gen-kernels-module.js';
import { writeMlp } from '../src/kernels/fused/mlp-layout.js';
import {
  chooseFusedKernelBuild,
  type FusedKernelBuild,
  nativeKernelsAddon,
} from '../src/kernels/fused/native-kernels.js';
import { expectNoLeaks, type FusedMlpOutputs, fusedMlpWorkload } from '../src/testing/index.js';

/**
 * The native builds of the fused kernels (AVX-512, AVX2 + FMA) against the wasm build of the same C: every
 * function on the same inputs, within float32 rounding (the native builds fuse their multiply–adds); and the
 * addon's checks, which stand in for wasm's memory safety.
 */

/** Where the package's install script builds the addon: Linux and macOS on x86-64. */
const BUILDS_HERE = process.arch === 'x64' && (process.platform === 'linux' || process.platform === 'darwin');
const loaded = nativeKernelsAddon();
const isas = 'addon' in loaded ? loaded.addon.isas : [];

beforeAll(async () => {
  await initBackend('cpu');
});

describe('the native kernels addon', () => {
  it.runIf(BUILDS_HERE)('is built by the install script and loads here', () => {
    expect('missing' in loaded ? loaded.missing : '').toBe('');
    expect(isas.length).toBeGreaterThan(0);
    // Fastest first, and a CPU with AVX-512F has AVX2 and FMA too.
    expect(['avx512,avx2', 'avx2']).toContain(isas.join(','));
  });

  it('is what GEN_FUSED_KERNELS=auto picks, and the runtime the tfjs kernels use runs the build chosen', () => {
    expect(chooseFusedKernelBuild('auto')).toBe(isas[0] ?? 'wasm');
    expect(chooseFusedKernelBuild('wasm')).toBe('wasm');
    expect(fusedRuntime().build).toBe(chooseFusedKernelBuild());
    expect(fusedKernelBuild()).toBe(chooseFusedKernelBuild());
    if (isas[0] !== undefined) expect(chooseFusedKernelBuild('native')).toBe(isas[0]);
  });

  it('rejects a setting it does not know, and a build this process cannot run, naming GEN_FUSED_KERNELS', () => {
    const bad = (setting: string) => {
      try {
        chooseFusedKernelBuild(setting);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const unknown = bad('avx1024');
    expect(unknown).toBeInstanceOf(InvalidArgumentError);
    expect(unknown).toMatchObject({ parameter: 'GEN_FUSED_KERNELS', received: '"avx1024"' });
    for (const isa of ['avx512', 'avx2'] as const) {
      if (!isas.includes(isa)) expect(bad(isa)).toMatchObject({ parameter: 'GEN_FUSED_KERNELS' });
    }
  });
});

/** A small network and its inputs, as the tfjs kernels hand them to writeMlp. */
function smallProblem() {
  const tensors: Record<string, tf.Tensor> = {
    t: randomUniform([8], 1),
    x: randomUniform([8, 2], 2, -2, 2),
    kernel0: randomUniform([3, 16], 3, -0.5, 0.5),
    bias0: randomUniform([16], 4, -0.3, 0.3),
    kernel1: randomUniform([16, 2], 5, -0.5, 0.5),
    bias1: randomUniform([2], 6, -0.3, 0.3),
  };
  return tensors;
}

/** max |a − b| over max |b|: the error relative to the array's scale. */
function relativeError(a: readonly number[], b: readonly number[]): number {
  let error = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i += 1) {
    error = Math.max(error, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return error / Math.max(scale, 1e-30);
}

const CASES = [
  {
    name: "SiLU 3 → 256 → 256 → 256 → 2 (the flow models' MLP)",
    widths: [3, 256, 256, 256, 2],
    activation: 'silu',
    fourier: false,
  },
  {
    name: 'tanh, Fourier time, widths off the vector widths',
    widths: [11, 37, 45, 3],
    activation: 'tanh',
    fourier: true,
  },
  { name: 'ELU, one hidden layer of 5', widths: [3, 5, 2], activation: 'elu', fourier: false },
  { name: 'no hidden layer (affine)', widths: [3, 2], activation: 'silu', fourier: false },
] as const;

describe.runIf(isas.length > 0)('every native build computes what the wasm build computes', () => {
  for (const isa of isas) {
    for (const { name, widths, activation, fourier } of CASES) {
      it(`${isa}: ${name}, 67 rows`, async () => {
        const run = (build: FusedKernelBuild) =>
          // The workload draws its weights and inputs as tensors and disposes them: none is left behind.
          expectNoLeaks(() => {
            const workload = fusedMlpWorkload(build, { widths, activation, fourier, rows: 67 });
            workload.forward();
            workload.trainingStep();
            workload.divergence();
            return workload.read();
          });
        const wasm = await run('wasm');
        const native = await run(isa);
        // Sums of up to 256 products rounded once (native) or twice (wasm) per term: a few float32 ulps of the
        // largest magnitude; the elementwise parts (activations, Adam) round alike.
        for (const key of Object.keys(wasm) as (keyof FusedMlpOutputs)[]) {
          expect(native[key].length, key).toBe(wasm[key].length);
          expect(native[key].every(Number.isFinite), key).toBe(true);
          expect(relativeError(native[key], wasm[key]), key).toBeLessThan(2e-5);
        }
      });
    }
  }
});

describe.runIf(isas.length > 0)('the addon checks every call before it runs', () => {
  const isa = isas[0] as 'avx512' | 'avx2';
  const setup = () => {
    const runtime = new FusedRuntime(createGenKernelsMemory(), isa);
    const tensors = smallProblem();
    const named = tensors as unknown as tf.NamedTensorInfoMap;
    const mlp = writeMlp(runtime, tf.engine().backend, named, { activation: 'silu', layerCount: 2, fourier: false });
    const out = mlp.layout.take(16);
    const scratch = mlp.layout.take(runtime.kernels.gen_mlp_forward_scratch_floats(mlp.net));
    const heap = runtime.reserve(mlp.layout.end);
    heap.fill(-7, out / 4, out / 4 + 16);
    tf.dispose(Object.values(tensors));
    return { runtime, mlp, out, scratch, heap };
  };

  it('names the function and the argument when a buffer reaches past the memory, and writes nothing', () => {
    const { runtime, mlp, out, scratch, heap } = setup();
    const end = runtime.memory.buffer.byteLength;
    const forward = runtime.kernels.gen_mlp_forward;
    expect(() => forward(mlp.net, mlp.t, end - 16, out, 0, scratch, 0, 8)).toThrow(
      /^gen_mlp_forward: x reaches past the end of the kernels' memory/,
    );
    expect(() => forward(mlp.net, mlp.t, mlp.x, out, 0, scratch, 0, end)).toThrow(/gen_mlp_forward: t reaches past/);
    expect(() => forward(mlp.net, mlp.t, mlp.x, out, 6, scratch, 0, 8)).toThrow(
      /gen_mlp_forward: tape must be a positive byte offset that is a multiple of 4, got 6/,
    );
    expect(() => forward(mlp.net, mlp.t, mlp.x, -16, 0, scratch, 0, 8)).toThrow(/gen_mlp_forward: out must be/);
    expect(() => forward(mlp.net, mlp.t, mlp.x, out, 0, scratch, 5, 4)).toThrow(/rowEnd must be at least rowBegin/);
    expect(() => forward(mlp.net, mlp.t, mlp.x, out, 0, scratch, 0.5, 4)).toThrow(/rowBegin must be an integer/);
    expect(() => (forward as (...args: number[]) => void)(mlp.net, mlp.t)).toThrow(
      /gen_mlp_forward: expects 8 arguments/,
    );
    expect(Array.from(heap.subarray(out / 4, out / 4 + 16))).toEqual(new Array(16).fill(-7));
    forward(mlp.net, mlp.t, mlp.x, out, 0, scratch, 0, 8);
    expect(Array.from(heap.subarray(out / 4, out / 4 + 16)).every((value) => value !== -7)).toBe(true);
  });

  it('checks the network struct: widths, pointers, counts', () => {
    const { runtime, mlp, out, scratch } = setup();
    const ints = new Int32Array(runtime.memory.buffer);
    const forward = () => runtime.kernels.gen_mlp_forward(mlp.net, mlp.t, mlp.x, out, 0, scratch, 0, 8);
    const field = (index: number, value: number, pattern: RegExp) => {
      const saved = ints[mlp.net / 4 + index] as number;
      ints[mlp.net / 4 + index] = value;
      expect(forward).toThrow(pattern);
      ints[mlp.net / 4 + index] = saved;
    };
    field(0, 0, /net\.layer_count must be in \[1, 64\], got 0/);
    field(1, 9, /net\.activation must be 0, 1 or 2, got 9/);
    field(2, 3, /net\.widths\[layer_count\] must equal dim, got 2/);
    field(3, 2, /net\.widths\[0\] must be dim \+ 1/);
    field(6, runtime.memory.buffer.byteLength, /net\.kernels reaches past the end/);
    // The forward pass reads the packed weights: a struct without them is refused, not dereferenced.
    field(8, 0, /gen_mlp_forward: net\.packed must point to packed weights \(gen_mlp_pack\)/);
    const widthsAt = ints[mlp.net / 4 + 5] as number;
    ints[widthsAt / 4 + 1] = 1 << 20;
    expect(forward).toThrow(/net\.widths\[\] must be in \[1, 65536\], got 1048576/);
    ints[widthsAt / 4 + 1] = 16;
    expect(forward).not.toThrow();
  });

  it('sees the memory grow after it was bound', () => {
    const { runtime, mlp, out, scratch } = setup();
    const before = runtime.memory.buffer.byteLength;
    runtime.reserve(before + 65536);
    const farOut = before + 1024;
    runtime.kernels.gen_mlp_forward(mlp.net, mlp.t, mlp.x, farOut, 0, scratch, 0, 8);
    runtime.kernels.gen_mlp_forward(mlp.net, mlp.t, mlp.x, out, 0, scratch, 0, 8);
    const heap = runtime.reserve(before + 65536);
    expect(Array.from(heap.subarray(farOut / 4, farOut / 4 + 16))).toEqual(
      Array.from(heap.subarray(out / 4, out / 4 + 16)),
    );
  });

  it('binds only a shared WebAssembly.Memory, in a build this CPU runs', () => {
    if (!('addon' in loaded)) return;
    expect(() => loaded.addon.bind({} as WebAssembly.Memory)).toThrow(
      /bind: memory must be a shared WebAssembly\.Memory/,
    );
    expect(() => loaded.addon.bind(createGenKernelsMemory(), 'sse' as 'avx2')).toThrow(/bind: isa must be one of/);
  });
});
