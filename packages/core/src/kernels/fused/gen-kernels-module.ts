import { GEN_KERNELS_MAX_PAGES, GEN_KERNELS_WASM_BASE64 } from './gen-kernels-wasm.js';

/**
 * gen's fused kernels as JavaScript calls them (ABI: packages/core/native/kernels/gen_kernels.h), whichever build runs
 * them: the wasm module's exports, or the native addon's functions bound to the same memory (`nativeKernelsAddon`).
 *
 * @remarks
 * Every pointer is a byte offset into the kernels' shared memory; every function on a batch takes the half-open
 * row range `rowBegin, rowEnd` last and writes only those rows (parameter gradients: the units' sums), so a thread
 * pool may run disjoint ranges of one call at once, each with its own scratch.
 */
export interface GenKernelFunctions {
  /** Floats of the network's packed kernels (`transposed` 0) or packed transposes (1). */
  gen_mlp_packed_floats(net: number, transposed: number): number;
  /** Packs the network's kernels (and transposes, where its struct points to room for them); one thread. */
  gen_mlp_pack(net: number): void;
  /** Floats per row of the forward pass's tape. */
  gen_mlp_tape_width(net: number): number;
  /** Scratch floats one call of `gen_mlp_forward` needs (any row range). */
  gen_mlp_forward_scratch_floats(net: number): number;
  /** Scratch floats one call of `gen_mlp_backward_rows` or `gen_mlp_parameter_grads` needs (any range). */
  gen_mlp_backward_scratch_floats(net: number): number;
  /** Scratch floats one call of `gen_mlp_divergence` needs (any row range). */
  gen_mlp_divergence_scratch_floats(net: number): number;
  /** u(t, x) of the rows; `tape` 0 or where the backward pass's tape goes. */
  gen_mlp_forward(
    net: number,
    t: number,
    x: number,
    out: number,
    tape: number,
    scratch: number,
    rowBegin: number,
    rowEnd: number,
  ): void;
  /** Floats per row of the deltas (∂L/∂z of every hidden layer) that `gen_mlp_backward_rows` writes. */
  gen_mlp_delta_width(net: number): number;
  /** The backward pass through the rows: their deltas, inputs h₀, and (where `dInput` ≠ 0) ∂L/∂[x, e(t)]. */
  gen_mlp_backward_rows(
    net: number,
    t: number,
    x: number,
    tape: number,
    dOut: number,
    deltas: number,
    h0: number,
    dInput: number,
    scratch: number,
    rowBegin: number,
    rowEnd: number,
  ): void;
  /** The units of `gen_mlp_parameter_grads`: a row of some ∂L/∂W_l, or some ∂L/∂b_l. */
  gen_mlp_gradient_units(net: number): number;
  /** The parameter gradients of units [unitBegin, unitEnd), each summed over all `rows` in a fixed order. */
  gen_mlp_parameter_grads(
    net: number,
    rows: number,
    tape: number,
    dOut: number,
    deltas: number,
    h0: number,
    grads: number,
    scratch: number,
    unitBegin: number,
    unitEnd: number,
  ): void;
  /** ∇·u of the rows; `out` 0 or where u goes. */
  gen_mlp_divergence(
    net: number,
    t: number,
    x: number,
    div: number,
    out: number,
    scratch: number,
    rowBegin: number,
    rowEnd: number,
  ): void;
  /** One Adam update of elements [rowBegin, rowEnd) (constants as the header describes). */
  gen_adam_update(
    params: number,
    grads: number,
    m: number,
    v: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    correction1: number,
    correction2: number,
    epsilon: number,
    negLearningRate: number,
    rowBegin: number,
    rowEnd: number,
  ): void;
}

/** The exports of gen's fused wasm module: the kernels, and where the memory free for callers starts. */
export interface GenKernelExports extends GenKernelFunctions {
  /** The first byte of memory free for callers (below it: the module's reserved low memory). */
  __heap_base: WebAssembly.Global;
}

let compiled: WebAssembly.Module | undefined;

/**
 * The compiled module of gen's fused kernels, compiled once per thread from the base64 shipped in the package.
 *
 * @remarks
 * Synchronous (the module is about 70 KB, well under browsers' limit for synchronous compilation on the main
 * thread). A `WebAssembly.Module` can be posted to workers, which instantiate it on the same shared memory.
 *
 * @returns The module (cached).
 * @example
 * ```ts
 * const instance = instantiateGenKernels(createGenKernelsMemory(), genKernelsModule());
 * ```
 */
export function genKernelsModule(): WebAssembly.Module {
  if (compiled === undefined) {
    const text = atob(GEN_KERNELS_WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

/**
 * A new shared memory the kernels can run on: `initialPages` pages of 64 KiB, growable to the module's maximum.
 *
 * @param initialPages - The initial size in pages (at least 2, the module's reserved low memory).
 * @returns A shared `WebAssembly.Memory`.
 * @throws Whatever the platform throws when shared memory is unavailable (a browser page that is not
 *   cross-origin isolated); {@link fusedKernelsSupported} tells beforehand.
 * @example
 * ```ts
 * const memory = createGenKernelsMemory(64); // 4 MiB
 * ```
 */
export function createGenKernelsMemory(initialPages = 2): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: initialPages, maximum: GEN_KERNELS_MAX_PAGES, shared: true });
}

/**
 * Instantiates the kernels on a memory (one instance per thread; all may share one memory).
 *
 * @param memory - A memory from {@link createGenKernelsMemory} (shared, the module's maximum).
 * @param module - The compiled module (default {@link genKernelsModule}; a worker passes the one it was posted).
 * @returns The instance's exports.
 * @example
 * ```ts
 * const kernels = instantiateGenKernels(createGenKernelsMemory());
 * const tapeWidth = kernels.gen_mlp_tape_width(net); // net: a gen_mlp struct written into the memory
 * ```
 */
export function instantiateGenKernels(
  memory: WebAssembly.Memory,
  module: WebAssembly.Module = genKernelsModule(),
): GenKernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as GenKernelExports;
}

let supported: boolean | undefined;

/**
 * Whether this platform can run the fused kernels: WebAssembly with SIMD and shared memory (Node 20; a browser
 * page only when cross-origin isolated).
 *
 * @returns `true` when the module compiles and instantiates here (checked once).
 * @example
 * ```ts
 * if (fusedKernelsSupported()) registerGenKernels();
 * ```
 */
export function fusedKernelsSupported(): boolean {
  if (supported === undefined) {
    try {
      instantiateGenKernels(createGenKernelsMemory());
      supported = true;
    } catch {
      supported = false;
    }
  }
  return supported;
}
