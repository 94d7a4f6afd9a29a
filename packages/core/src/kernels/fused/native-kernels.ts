import { detectEnvironment } from '../../backend/environment.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { GenKernelFunctions } from './gen-kernels-module.js';

/**
 * The builds of gen's fused kernels, all from the same C (`packages/core/native/kernels`): `'wasm'`, the
 * wasm32 SIMD module shipped in the package (Node and browsers); `'avx512'` and `'avx2'`, x86-64 machine code in a
 * Node addon that the package's install script compiles (`scripts/build-native-kernels.mjs`), for CPUs with
 * AVX-512F, or AVX2 and FMA.
 */
export type FusedKernelBuild = 'wasm' | 'avx512' | 'avx2';

/** The environment variable that picks the build in Node: `auto` (default), `native`, `avx512`, `avx2` or `wasm`. */
const FUSED_KERNELS_ENV = 'GEN_FUSED_KERNELS';

const SETTINGS = ['auto', 'native', 'avx512', 'avx2', 'wasm'] as const;

/** The native addon as JavaScript sees it (native/node/binding.c). */
export interface NativeKernelsAddon {
  /** The builds this CPU runs, fastest first. */
  readonly isas: readonly ('avx512' | 'avx2')[];
  /**
   * The kernels on a shared memory, as the wasm module's functions (same names, same arguments: byte offsets into
   * `memory`); every call checks that its buffers lie inside the memory and throws a `RangeError` otherwise.
   */
  bind(memory: WebAssembly.Memory, isa?: 'avx512' | 'avx2'): GenKernelFunctions;
}

/** The addon's path relative to this module (src/kernels/fused or dist/kernels/fused), split so bundlers skip it. */
const ADDON_FROM_HERE = ['..', '..', '..', 'native', 'build', 'gen_kernels.node'].join('/');

interface NodeProcess {
  env?: Record<string, string | undefined>;
  dlopen?: (module: { exports: unknown }, filename: string) => void;
}

function nodeProcess(): NodeProcess | undefined {
  return detectEnvironment() === 'node' ? (globalThis as { process?: NodeProcess }).process : undefined;
}

let loaded: { readonly addon: NativeKernelsAddon; readonly path: string } | { readonly missing: string } | undefined;

/**
 * Loads the native kernels' addon (once per process), where there is one: in Node, after the package's install
 * script built it.
 *
 * @returns The addon and its path, or why it is missing (not Node, not built and why, or it failed to load).
 * @example
 * ```ts
 * const native = nativeKernelsAddon();
 * console.log('addon' in native ? `native kernels: ${native.addon.isas.join(', ')}` : native.missing);
 * ```
 */
export function nativeKernelsAddon():
  | { readonly addon: NativeKernelsAddon; readonly path: string }
  | { readonly missing: string } {
  if (loaded !== undefined) return loaded;
  const process = nodeProcess();
  if (process?.dlopen === undefined) {
    loaded = { missing: 'the native kernels run in Node only' };
    return loaded;
  }
  const path = decodeURIComponent(new URL(ADDON_FROM_HERE, import.meta.url).pathname);
  try {
    const module = { exports: {} as NativeKernelsAddon };
    process.dlopen(module, path);
    loaded = { addon: module.exports, path };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    loaded = {
      missing: /no such file|not found|ENOENT/i.test(why)
        ? `the addon ${path} was not built (the install script leaves its reason in ` +
          `${path.replace(/\.node$/, '.missing.txt')}; build it: pnpm --filter @gen/core build:native)`
        : `the addon ${path} failed to load: ${why.slice(0, 200)}`,
    };
  }
  return loaded;
}

/**
 * The build of the fused kernels this process runs: `GEN_FUSED_KERNELS` when set, else (`auto`) the fastest
 * native build the CPU runs where the addon loads, else `'wasm'`. Browsers always run `'wasm'`.
 *
 * @param setting - `auto`, `native` (the fastest native build; an error without one), `avx512`, `avx2` or `wasm`;
 *   default: `GEN_FUSED_KERNELS` in Node, else `auto`.
 * @returns The build.
 * @throws {@link InvalidArgumentError} for another setting, or for a native build this process cannot run (the
 *   message says why).
 * @example
 * ```ts
 * chooseFusedKernelBuild('wasm'); // 'wasm'
 * chooseFusedKernelBuild(); // 'avx512' on a CPU with AVX-512 once the addon is built, else 'avx2' or 'wasm'
 * ```
 */
export function chooseFusedKernelBuild(setting?: string): FusedKernelBuild {
  const given = setting ?? nodeProcess()?.env?.[FUSED_KERNELS_ENV] ?? '';
  const value = given === '' ? 'auto' : given;
  if (!(SETTINGS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(FUSED_KERNELS_ENV, `one of ${SETTINGS.join(', ')}`, value.slice(0, 40));
  }
  if (value === 'wasm') return 'wasm';
  const native = nativeKernelsAddon();
  if (value === 'auto') return 'addon' in native ? (native.addon.isas[0] ?? 'wasm') : 'wasm';
  if (!('addon' in native)) {
    throw new InvalidArgumentError(FUSED_KERNELS_ENV, 'a build this process can run', `${value} (${native.missing})`);
  }
  const isa = value === 'native' ? native.addon.isas[0] : native.addon.isas.find((runs) => runs === value);
  if (isa === undefined) {
    throw new InvalidArgumentError(FUSED_KERNELS_ENV, `a build this CPU runs (${native.addon.isas.join(', ')})`, value);
  }
  return isa;
}
