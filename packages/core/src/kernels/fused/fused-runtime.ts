import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { KernelCode } from '../wasm/threads/worker-source.js';
import {
  createGenKernelsMemory,
  type GenKernelFunctions,
  genKernelsModule,
  instantiateGenKernels,
} from './gen-kernels-module.js';
import { chooseFusedKernelBuild, type FusedKernelBuild, nativeKernelsAddon } from './native-kernels.js';

/** Bytes per WebAssembly page. */
const PAGE_BYTES = 65536;

/** The native builds' first byte for callers: any aligned offset above 0 (0 is the null pointer). */
const NATIVE_BASE = 64;

/**
 * The main thread's build of gen's fused kernels and the memory it runs on, used by the tfjs kernels of
 * `fused/`: each call lays its buffers out from {@link FusedRuntime.callBase}, {@link FusedRuntime.reserve}s them,
 * copies the inputs in, runs, and copies the outputs out (calls are synchronous, so one region serves every call).
 * Below that region lies the tape region: the latest training forward pass's tape, which stays in the kernels'
 * memory until its backward pass reads it ({@link FusedRuntime.newTape}).
 */
export class FusedRuntime {
  /** The kernels: the wasm instance's exports, or the native addon's functions on `memory`. */
  readonly kernels: GenKernelFunctions;
  /** The same functions, as a worker pool calls them by name. */
  readonly exports: Readonly<Record<string, unknown>>;
  /** What a worker pool's threads run to call the same build on `memory` (the module, or the addon and build). */
  readonly code: KernelCode;
  /** The first byte callers may use, 16-byte aligned. */
  readonly base: number;
  private view: Float32Array;
  /** Bytes of the tape region at `base`. */
  private tapeBytes = 0;
  /** The number of the tape the region holds; 0 before the first. */
  private tapeNumber = 0;

  /**
   * Instantiates the wasm module, or binds the native addon, on a shared memory.
   *
   * @param memory - The memory (default: a new one).
   * @param build - The build (default: {@link chooseFusedKernelBuild}'s choice).
   * @throws {@link InvalidArgumentError} for a native build this process cannot run.
   */
  constructor(
    readonly memory: WebAssembly.Memory = createGenKernelsMemory(),
    readonly build: FusedKernelBuild = chooseFusedKernelBuild(),
  ) {
    if (build === 'wasm') {
      const module = genKernelsModule();
      const exports = instantiateGenKernels(memory, module);
      this.kernels = exports;
      this.code = module;
      this.base = Math.ceil((exports.__heap_base.value as number) / 16) * 16;
    } else {
      const native = nativeKernelsAddon();
      if (!('addon' in native) || !native.addon.isas.includes(build)) {
        const why = 'addon' in native ? `this CPU runs ${native.addon.isas.join(', ')}` : native.missing;
        throw new InvalidArgumentError('build', 'a build this process can run', `${build} (${why})`);
      }
      this.kernels = native.addon.bind(memory, build);
      this.code = { addonPath: native.path, isa: build, names: Object.keys(this.kernels) };
      this.base = NATIVE_BASE;
    }
    this.exports = this.kernels as unknown as Readonly<Record<string, unknown>>;
    this.view = new Float32Array(memory.buffer);
  }

  /** The first byte of a call's own buffers: after the tape region (16-byte aligned). */
  get callBase(): number {
    return this.base + this.tapeBytes;
  }

  /**
   * Takes the tape region for a new tape, growing it when `floats` do not fit (which moves
   * {@link FusedRuntime.callBase}: take the tape before laying out the call). The previous tape is gone.
   *
   * @param floats - The new tape's floats.
   * @returns Its byte offset and its number (≥ 1), which {@link FusedRuntime.tapeAt} recognises until the next tape.
   */
  newTape(floats: number): { at: number; number: number } {
    this.tapeBytes = Math.max(this.tapeBytes, Math.ceil(floats / 4) * 16);
    this.tapeNumber += 1;
    return { at: this.base, number: this.tapeNumber };
  }

  /**
   * Where tape `number` lies, if it is still the latest one.
   *
   * @param number - A number from {@link FusedRuntime.newTape}.
   * @returns Its byte offset, or `undefined` once a newer tape replaced it.
   */
  tapeAt(number: number): number | undefined {
    return number === this.tapeNumber && number > 0 ? this.base : undefined;
  }

  /**
   * Grows the memory (if needed) so that bytes [0, end) exist, and returns a float view of the whole memory.
   *
   * @param end - One past the last byte a call uses.
   * @returns The memory as float32 (index = byte offset / 4); valid until the next `reserve`.
   */
  reserve(end: number): Float32Array {
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
    if (this.view.buffer.byteLength !== this.memory.buffer.byteLength) this.view = new Float32Array(this.memory.buffer);
    return this.view;
  }
}

/** Hands out 16-byte-aligned byte offsets for one call's buffers, from a start offset upward. */
export class BufferLayout {
  /** One past the last byte handed out. */
  end: number;

  /**
   * @param start - The first byte (16-byte aligned).
   */
  constructor(start: number) {
    this.end = start;
  }

  /**
   * Reserves room for `count` 32-bit values.
   *
   * @param count - Number of floats or int32s.
   * @returns The buffer's byte offset.
   */
  take(count: number): number {
    const offset = this.end;
    this.end += Math.ceil(count / 4) * 16;
    return offset;
  }
}

let runtime: FusedRuntime | undefined;

/**
 * The main thread's {@link FusedRuntime}, created on first use.
 *
 * @returns The runtime.
 */
export function fusedRuntime(): FusedRuntime {
  runtime ??= new FusedRuntime();
  return runtime;
}

/**
 * The build of gen's fused kernels this process runs: `'avx512'` or `'avx2'` (x86-64 machine code, in Node once
 * `@gen/core`'s install script built its addon), else `'wasm'` (the WebAssembly SIMD module, in Node and browsers).
 * `GEN_FUSED_KERNELS` (`auto`, `native`, `avx512`, `avx2` or `wasm`) picks it in Node; the choice holds for the
 * process.
 *
 * @returns The build.
 * @throws {@link InvalidArgumentError} when `GEN_FUSED_KERNELS` names a build this process cannot run.
 * @example
 * ```ts
 * await initBackend('wasm');
 * console.log(`gen's fused kernels: ${fusedKernelBuild()} on ${fusedKernelThreads()} thread(s)`);
 * ```
 */
export function fusedKernelBuild(): FusedKernelBuild {
  return fusedRuntime().build;
}
