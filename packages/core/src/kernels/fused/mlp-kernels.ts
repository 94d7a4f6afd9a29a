import type * as tf from '@tensorflow/tfjs';
import { backendFloats, backendOutput, FUSED_BACKENDS } from './backend-floats.js';
import { fusedRuntime } from './fused-runtime.js';
import { fusedParts, runFusedRows } from './fused-threads.js';
import { type FusedMlpAttrs, mlpTapeWidth, mlpWidths, writeMlp } from './mlp-layout.js';

/**
 * The fused MLP forward kernel. Inputs (float32): `t` [N], `x` [N, D], `frequencies` [K] when `fourier`, then
 * `kernel{l}` [in, out] and `bias{l}` [out] per layer; attributes {@link FusedMlpForwardAttrs}. Outputs: u [N, D]
 * and, with `tape`, a token [2] (float32) naming the tape that {@link GEN_MLP_BACKWARD} reads: the tape [N, T] itself
 * stays in the fused kernels' memory, until the next forward pass with a tape replaces it (see
 * {@link fusedTapeIsCurrent}).
 */
export const GEN_MLP_FORWARD = 'GenMlpForward';

/**
 * The fused MLP backward kernel. Inputs: those of {@link GEN_MLP_FORWARD}, then `tape` (the token of a forward pass
 * at the same inputs, still current) and `dy` [N, D] = ∂L/∂u. Outputs: ∂L/∂kernel{l} and ∂L/∂bias{l} per layer,
 * then ∂L/∂[x, e(t)] [N, D + E].
 */
export const GEN_MLP_BACKWARD = 'GenMlpBackward';

/**
 * The fused closed-form divergence kernel. Inputs: those of {@link GEN_MLP_FORWARD}. Output: ∇·u [N].
 */
export const GEN_MLP_DIVERGENCE = 'GenMlpDivergence';

/** The attributes of {@link GEN_MLP_FORWARD}. */
export interface FusedMlpForwardAttrs extends FusedMlpAttrs {
  /** Whether to return the tape for the backward pass as a second output. */
  tape: boolean;
}

/** The tape number in a token's two float32 words: the number's low 24 bits, then the rest. */
function tapeNumber(words: Float32Array): number {
  return (words[1] ?? 0) * 2 ** 24 + (words[0] ?? 0);
}

/**
 * Whether a tape token from {@link GEN_MLP_FORWARD} still names the tape in the fused kernels' memory (no forward
 * pass with a tape ran since); a gradient whose token is stale reruns the forward pass first.
 *
 * @param token - The forward pass's second output.
 * @returns `true` when {@link GEN_MLP_BACKWARD} may read it.
 */
export function fusedTapeIsCurrent(token: tf.Tensor): boolean {
  return fusedRuntime().tapeAt(tapeNumber(token.dataSync() as Float32Array)) !== undefined;
}

/** Multiply–adds per row of the forward pass through layers of these widths. */
function multiplyAdds(widths: readonly number[]): number {
  let sum = 0;
  for (let l = 0; l + 1 < widths.length; l += 1) sum += (widths[l] as number) * (widths[l + 1] as number);
  return sum;
}

/** `floats` rounded up to a multiple of 4, so that per-part buffers laid end to end stay 16-byte aligned. */
function padded(floats: number): number {
  return Math.ceil(floats / 4) * 4;
}

function forward({ inputs, attrs, backend: anyBackend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const options = attrs as unknown as FusedMlpForwardAttrs;
  const backend = anyBackend as tf.KernelBackend;
  const runtime = fusedRuntime();
  const { kernels } = runtime;
  // The tape region first: taking it may move the start of the call's own buffers.
  const rows = (inputs.x as tf.TensorInfo).shape[0] as number;
  const kept = options.tape ? runtime.newTape(rows * mlpTapeWidth(mlpWidths(inputs, options))) : undefined;
  const mlp = writeMlp(runtime, backend, inputs, options);
  const out = mlp.layout.take(mlp.rows * mlp.dim);
  const tape = kept?.at ?? 0;
  const scratchFloats = padded(kernels.gen_mlp_forward_scratch_floats(mlp.net));
  const work = multiplyAdds(mlp.widths);
  const scratch = mlp.layout.take(scratchFloats * fusedParts(mlp.rows, work));
  runtime.reserve(mlp.layout.end);
  runFusedRows('gen_mlp_forward', mlp.rows, work, (part) => [
    mlp.net,
    mlp.t,
    mlp.x,
    out,
    tape,
    scratch + 4 * part * scratchFloats,
  ]);
  const heap = runtime.reserve(mlp.layout.end);
  const outputs = [backendOutput(backend, [mlp.rows, mlp.dim], heap.subarray(out / 4, out / 4 + mlp.rows * mlp.dim))];
  if (kept !== undefined) {
    const token = Float32Array.of(kept.number % 2 ** 24, Math.floor(kept.number / 2 ** 24));
    outputs.push(backendOutput(backend, [2], token));
  }
  return outputs;
}

function backward({ inputs, attrs, backend: anyBackend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const options = attrs as unknown as FusedMlpAttrs;
  const backend = anyBackend as tf.KernelBackend;
  const runtime = fusedRuntime();
  const { kernels } = runtime;
  const tape = runtime.tapeAt(tapeNumber(backendFloats(backend, inputs.tape as tf.TensorInfo)));
  if (tape === undefined) throw new Error(`${GEN_MLP_BACKWARD}: the forward pass's tape was replaced by a newer one.`);
  const mlp = writeMlp(runtime, backend, inputs, options, [inputs.dy as tf.TensorInfo], true);
  const [dy = 0] = mlp.extra;
  const { widths, rows } = mlp;
  let gradientFloats = 0;
  for (let l = 0; l + 1 < widths.length; l += 1) {
    gradientFloats += (widths[l] as number) * (widths[l + 1] as number) + (widths[l + 1] as number);
  }
  const inputWidth = widths[0] as number;
  const deltas = mlp.layout.take(rows * kernels.gen_mlp_delta_width(mlp.net));
  const h0 = mlp.layout.take(rows * inputWidth);
  const dInput = mlp.layout.take(rows * inputWidth);
  const grads = mlp.layout.take(gradientFloats);
  // First the rows (their deltas, split by rows), then the parameter gradients (split by gradient rows, each a sum
  // over the whole batch in a fixed order: the same on any number of threads).
  const work = multiplyAdds(widths);
  const scratchFloats = padded(kernels.gen_mlp_backward_scratch_floats(mlp.net));
  const units = kernels.gen_mlp_gradient_units(mlp.net);
  const unitWork = (rows * work) / units;
  const parts = Math.max(fusedParts(rows, work), fusedParts(units, unitWork));
  const scratch = mlp.layout.take(scratchFloats * parts);
  runtime.reserve(mlp.layout.end);
  runFusedRows('gen_mlp_backward_rows', rows, work, (part) => [
    mlp.net,
    mlp.t,
    mlp.x,
    tape,
    dy,
    deltas,
    h0,
    dInput,
    scratch + 4 * part * scratchFloats,
  ]);
  runFusedRows('gen_mlp_parameter_grads', units, unitWork, (part) => [
    mlp.net,
    rows,
    tape,
    dy,
    deltas,
    h0,
    grads,
    scratch + 4 * part * scratchFloats,
  ]);
  const heap = runtime.reserve(mlp.layout.end);
  const outputs: tf.TensorInfo[] = [];
  let at = grads / 4;
  for (let l = 0; l + 1 < widths.length; l += 1) {
    const [fanIn, fanOut] = [widths[l] as number, widths[l + 1] as number];
    outputs.push(backendOutput(backend, [fanIn, fanOut], heap.subarray(at, at + fanIn * fanOut)));
    at += fanIn * fanOut;
    outputs.push(backendOutput(backend, [fanOut], heap.subarray(at, at + fanOut)));
    at += fanOut;
  }
  const inputSize = rows * inputWidth;
  outputs.push(backendOutput(backend, [rows, inputWidth], heap.subarray(dInput / 4, dInput / 4 + inputSize)));
  return outputs;
}

function divergence({ inputs, attrs, backend: anyBackend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const options = attrs as unknown as FusedMlpAttrs;
  const backend = anyBackend as tf.KernelBackend;
  const runtime = fusedRuntime();
  const { kernels } = runtime;
  const mlp = writeMlp(runtime, backend, inputs, options);
  const div = mlp.layout.take(mlp.rows);
  const scratchFloats = padded(kernels.gen_mlp_divergence_scratch_floats(mlp.net));
  // Forward-mode Jacobian: the value and D tangents go through every layer.
  const work = (1 + mlp.dim) * multiplyAdds(mlp.widths);
  const scratch = mlp.layout.take(scratchFloats * fusedParts(mlp.rows, work));
  runtime.reserve(mlp.layout.end);
  runFusedRows('gen_mlp_divergence', mlp.rows, work, (part) => [
    mlp.net,
    mlp.t,
    mlp.x,
    div,
    0,
    scratch + 4 * part * scratchFloats,
  ]);
  const heap = runtime.reserve(mlp.layout.end);
  return backendOutput(backend, [mlp.rows], heap.subarray(div / 4, div / 4 + mlp.rows));
}

/**
 * The fused MLP kernels for each backend they run on (`wasm`, `cpu`): forward, backward and divergence.
 *
 * @remarks
 * Each call copies the network's weights and the batch into the fused module's memory, packs the weights into
 * panels (once, on the calling thread), runs one C function over all rows (split by rows between the fused
 * kernels' threads, `fused-threads.ts`), and copies the results into new tensors of the backend.
 */
export const FUSED_MLP_KERNEL_CONFIGS: readonly tf.KernelConfig[] = FUSED_BACKENDS.flatMap((backendName) => [
  { kernelName: GEN_MLP_FORWARD, backendName, kernelFunc: forward as unknown as tf.KernelFunc },
  { kernelName: GEN_MLP_BACKWARD, backendName, kernelFunc: backward as unknown as tf.KernelFunc },
  { kernelName: GEN_MLP_DIVERGENCE, backendName, kernelFunc: divergence },
]);
