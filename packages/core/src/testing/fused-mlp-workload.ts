import * as tf from '@tensorflow/tfjs';
import { FusedRuntime } from '../kernels/fused/fused-runtime.js';
import { createGenKernelsMemory } from '../kernels/fused/gen-kernels-module.js';
import type { FusedActivation } from '../kernels/fused/mlp-layout.js';
import { writeMlp } from '../kernels/fused/mlp-layout.js';
import type { FusedKernelBuild } from '../kernels/fused/native-kernels.js';
import { randomUniform } from '../random/index.js';

/** Options of {@link fusedMlpWorkload}. */
export interface FusedMlpWorkloadOptions {
  /** Layer widths [D + E, hidden…, D]: E = 1 (time as a column) or 2K (K Fourier frequencies). */
  readonly widths: readonly number[];
  /** The hidden layers' activation (default `'silu'`). */
  readonly activation?: FusedActivation;
  /** Whether time enters as Fourier features (then widths[0] − D must be even). Default false. */
  readonly fourier?: boolean;
  /** Batch rows. */
  readonly rows: number;
  /** Seed of the weights, inputs and ∂L/∂u (default 7). */
  readonly seed?: number;
}

/** The outputs of a {@link FusedMlpWorkload}'s calls, as arrays. */
export interface FusedMlpOutputs {
  /** u(t, x), [rows, D]. */
  readonly u: number[];
  /** The training forward pass's tape, [rows, tape width]. */
  readonly tape: number[];
  /** ∂L/∂[x, e(t)], [rows, widths[0]]. */
  readonly dInput: number[];
  /** ∂L/∂θ, per layer ∂L/∂W then ∂L/∂b. */
  readonly grads: number[];
  /** ∇·u, [rows]. */
  readonly div: number[];
  /** θ after the Adam updates. */
  readonly params: number[];
  /** Adam's first moments after the updates. */
  readonly m: number[];
  /** Adam's second moments after the updates. */
  readonly v: number[];
}

/**
 * One MLP problem laid out in a fused-kernel runtime of its own, whose calls run one build of gen's fused kernels
 * on one thread: to compare builds on the same inputs (tests) or time them against each other in one process
 * (benchmarks), outside the tfjs kernels, which use the process's one runtime.
 */
export interface FusedMlpWorkload {
  /** The build its calls run. */
  readonly build: FusedKernelBuild;
  /** u for every row, no tape. */
  forward(): void;
  /** A training step's kernels: the forward pass with its tape, the backward pass, ∂L/∂θ and one Adam update. */
  trainingStep(): void;
  /** ∇·u for every row. */
  divergence(): void;
  /** The outputs so far. */
  read(): FusedMlpOutputs;
}

/**
 * Lays out a random MLP (weights, t, x, ∂L/∂u, Adam state) in a new runtime of build `build` and returns its calls.
 *
 * @remarks
 * The tensors it draws are disposed before it returns; the runtime's memory is freed with the workload.
 *
 * @param build - The build to run (`'wasm'`, or a native build this process runs).
 * @param options - The network and batch.
 * @returns The workload.
 * @throws `InvalidArgumentError` (parameter `build`) for a native build this process cannot run.
 * @example
 * ```ts
 * const wasm = fusedMlpWorkload('wasm', { widths: [3, 64, 64, 2], rows: 100 });
 * wasm.trainingStep();
 * console.log(wasm.read().grads.length); // 4546: (3 + 1)·64 + (64 + 1)·64 + (64 + 1)·2
 * ```
 */
export function fusedMlpWorkload(build: FusedKernelBuild, options: FusedMlpWorkloadOptions): FusedMlpWorkload {
  const { widths, activation = 'silu', fourier = false, rows, seed = 7 } = options;
  const runtime = new FusedRuntime(createGenKernelsMemory(), build);
  const { kernels } = runtime;
  const dim = widths[widths.length - 1] as number;
  const inputs: Record<string, tf.Tensor> = {
    t: randomUniform([rows], seed),
    x: randomUniform([rows, dim], seed + 1, -2, 2),
  };
  if (fourier) inputs.frequencies = randomUniform([((widths[0] as number) - dim) / 2], seed + 2, 0.5, 3);
  for (let l = 0; l + 1 < widths.length; l += 1) {
    const scale = 1.5 / Math.sqrt(widths[l] as number);
    inputs[`kernel${l}`] = randomUniform([widths[l] as number, widths[l + 1] as number], seed + 3 + l, -scale, scale);
    inputs[`bias${l}`] = randomUniform([widths[l + 1] as number], seed + 100 + l, -0.3, 0.3);
  }
  const dy = randomUniform([rows, dim], seed + 200, -1, 1);
  const attrs = { activation, layerCount: widths.length - 1, fourier } as const;
  const named = inputs as unknown as tf.NamedTensorInfoMap;
  let mlp: ReturnType<typeof writeMlp>;
  try {
    mlp = writeMlp(runtime, tf.engine().backend, named, attrs, [dy], true);
  } finally {
    tf.dispose([...Object.values(inputs), dy]);
  }
  const take = (count: number) => mlp.layout.take(count);
  // writeMlp packed the transposes (for the backward pass); pack the kernels too, for the forward pass.
  const packed = take(kernels.gen_mlp_packed_floats(mlp.net, 0));
  new Int32Array(runtime.reserve(mlp.layout.end).buffer)[mlp.net / 4 + 8] = packed;
  kernels.gen_mlp_pack(mlp.net);
  const [dyAt = 0] = mlp.extra;
  const width0 = widths[0] as number;
  const tapeWidth = kernels.gen_mlp_tape_width(mlp.net);
  const parameters = widths.slice(1).reduce((sum, width, l) => sum + ((widths[l] as number) + 1) * width, 0);
  const units = kernels.gen_mlp_gradient_units(mlp.net);
  const at = {
    u: take(rows * dim),
    tape: take(rows * tapeWidth),
    deltas: take(rows * kernels.gen_mlp_delta_width(mlp.net)),
    h0: take(rows * width0),
    dInput: take(rows * width0),
    grads: take(parameters),
    div: take(rows),
    params: take(parameters),
    m: take(parameters),
    v: take(parameters),
    scratch: take(
      Math.max(
        kernels.gen_mlp_forward_scratch_floats(mlp.net),
        kernels.gen_mlp_backward_scratch_floats(mlp.net),
        kernels.gen_mlp_divergence_scratch_floats(mlp.net),
      ),
    ),
  };
  const heap = runtime.reserve(mlp.layout.end);
  for (let i = 0; i < parameters; i += 1) {
    heap[at.params / 4 + i] = Math.sin(0.3 * i);
    heap[at.m / 4 + i] = 0.01 * Math.sin(i);
    heap[at.v / 4 + i] = 0.001 * (1 + Math.cos(i));
  }
  const read = (offset: number, count: number) => Array.from(heap.subarray(offset / 4, offset / 4 + count));
  return {
    build,
    forward: () => kernels.gen_mlp_forward(mlp.net, mlp.t, mlp.x, at.u, 0, at.scratch, 0, rows),
    trainingStep: () => {
      kernels.gen_mlp_forward(mlp.net, mlp.t, mlp.x, at.u, at.tape, at.scratch, 0, rows);
      kernels.gen_mlp_backward_rows(
        mlp.net,
        mlp.t,
        mlp.x,
        at.tape,
        dyAt,
        at.deltas,
        at.h0,
        at.dInput,
        at.scratch,
        0,
        rows,
      );
      kernels.gen_mlp_parameter_grads(mlp.net, rows, at.tape, dyAt, at.deltas, at.h0, at.grads, at.scratch, 0, units);
      // Adam's constants as tf.train.adam forms them at step 1 (β₁ = 0.9, β₂ = 0.999, ε = 1e-7, lr = 0.01).
      kernels.gen_adam_update(
        at.params,
        at.grads,
        at.m,
        at.v,
        0.9,
        0.1,
        0.999,
        0.001,
        0.1,
        0.001,
        1e-7,
        -0.01,
        0,
        parameters,
      );
    },
    divergence: () => kernels.gen_mlp_divergence(mlp.net, mlp.t, mlp.x, at.div, 0, at.scratch, 0, rows),
    read: () => ({
      u: read(at.u, rows * dim),
      tape: read(at.tape, rows * tapeWidth),
      dInput: read(at.dInput, rows * width0),
      grads: read(at.grads, parameters),
      div: read(at.div, rows),
      params: read(at.params, parameters),
      m: read(at.m, parameters),
      v: read(at.v, parameters),
    }),
  };
}
