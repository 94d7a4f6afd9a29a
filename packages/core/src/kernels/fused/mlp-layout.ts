import type * as tf from '@tensorflow/tfjs';
import { backendFloats } from './backend-floats.js';
import { BufferLayout, type FusedRuntime } from './fused-runtime.js';

/** The activations of the fused MLP kernels, by the name gen's models use, and their codes in gen_kernels.h. */
export const FUSED_ACTIVATION_CODES = { silu: 0, swish: 0, tanh: 1, elu: 2 } as const;

/** A hidden-layer activation the fused MLP kernels compute. */
export type FusedActivation = keyof typeof FUSED_ACTIVATION_CODES;

/** The attributes of the fused MLP kernels. */
export interface FusedMlpAttrs {
  /** σ of the hidden layers. */
  activation: FusedActivation;
  /** L + 1, the number of dense layers. */
  layerCount: number;
  /** Whether the inputs include `frequencies` (the Fourier time embedding). */
  fourier: boolean;
}

/**
 * The input names of a fused MLP kernel, in order: `t`, `x`, `frequencies` (Fourier embedding only), then
 * `kernel0`, `bias0`, `kernel1`, …
 *
 * @param attrs - The kernel's attributes.
 * @returns The names.
 */
export function mlpInputNames(attrs: FusedMlpAttrs): string[] {
  const names = attrs.fourier ? ['t', 'x', 'frequencies'] : ['t', 'x'];
  for (let l = 0; l < attrs.layerCount; l += 1) names.push(`kernel${l}`, `bias${l}`);
  return names;
}

/** Where one call's network, times and points lie in the kernels' memory. */
export interface MlpInMemory {
  /** Byte offset of the gen_mlp struct. */
  net: number;
  /** Byte offsets of t [N] and x [N, D]. */
  t: number;
  x: number;
  /** N and D. */
  rows: number;
  dim: number;
  /** The layer widths, widths[0] = D + E. */
  widths: number[];
  /** Byte offsets of each layer's kernel and bias. */
  kernels: number[];
  biases: number[];
  /** Where the call's further buffers go. */
  layout: BufferLayout;
}

/**
 * The layer widths of an MLP kernel call: widths[0] = D + E (the inputs [x, e(t)]), then each layer's outputs.
 *
 * @param inputs - The kernel's inputs (see {@link mlpInputNames}).
 * @param attrs - The kernel's attributes.
 * @returns The widths, L + 2 of them.
 */
export function mlpWidths(inputs: tf.NamedTensorInfoMap, attrs: FusedMlpAttrs): number[] {
  const widths = [(inputs.kernel0 as tf.TensorInfo).shape[0] as number];
  for (let l = 0; l < attrs.layerCount; l += 1) widths.push((inputs[`kernel${l}`] as tf.TensorInfo).shape[1] as number);
  return widths;
}

/**
 * The floats per row of a forward pass's tape (z_l and σ(z_l) of every hidden layer), as `gen_mlp_tape_width`.
 *
 * @param widths - The layer widths ({@link mlpWidths}).
 * @returns The tape's row width.
 */
export function mlpTapeWidth(widths: readonly number[]): number {
  let width = 0;
  for (let l = 1; l + 1 < widths.length; l += 1) width += 2 * (widths[l] as number);
  return width;
}

/**
 * Copies an MLP call's network (struct, widths, weights), times and points into the kernels' memory, and packs the
 * weights into the panels the kernels' matrix products read (`gen_mlp_pack`, on the calling thread).
 *
 * @param runtime - The kernels' runtime.
 * @param backend - The tensors' backend.
 * @param inputs - The kernel's inputs (see {@link mlpInputNames}).
 * @param attrs - The kernel's attributes.
 * @param extra - Tensors to copy after the network, e.g. ∂L/∂u; their byte offsets are returned in order.
 * @param transposed - Whether to pack the kernels' transposes (which the backward pass reads) instead of the
 *   kernels (which the forward pass and the divergence read).
 * @returns The offsets, and the layout to take the call's outputs and scratch from.
 */
export function writeMlp(
  runtime: FusedRuntime,
  backend: tf.KernelBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: FusedMlpAttrs,
  extra: readonly tf.TensorInfo[] = [],
  transposed = false,
): MlpInMemory & { extra: number[] } {
  const { layerCount } = attrs;
  const t = inputs.t as tf.TensorInfo;
  const x = inputs.x as tf.TensorInfo;
  const [rows = 0, dim = 0] = x.shape;
  const widths = mlpWidths(inputs, attrs);
  const frequencies = attrs.fourier ? (inputs.frequencies as tf.TensorInfo) : undefined;
  const frequencyCount = frequencies === undefined ? 0 : (frequencies.shape[0] as number);

  const layout = new BufferLayout(runtime.callBase);
  const net = layout.take(10);
  const widthsAt = layout.take(widths.length);
  const kernelPointers = layout.take(layerCount);
  const biasPointers = layout.take(layerCount);
  const frequenciesAt = layout.take(frequencyCount);
  const kernels: number[] = [];
  const biases: number[] = [];
  for (let l = 0; l < layerCount; l += 1) {
    kernels.push(layout.take((widths[l] as number) * (widths[l + 1] as number)));
    biases.push(layout.take(widths[l + 1] as number));
  }
  const tAt = layout.take(rows);
  const xAt = layout.take(rows * dim);
  const extraAt = extra.map((info) => layout.take(info.shape.reduce((a, b) => a * b, 1)));
  let heap = runtime.reserve(layout.end);
  let ints = new Int32Array(heap.buffer);
  ints.set(
    [
      layerCount,
      FUSED_ACTIVATION_CODES[attrs.activation],
      dim,
      frequencyCount,
      frequenciesAt,
      widthsAt,
      kernelPointers,
      biasPointers,
      0,
      0,
    ],
    net / 4,
  );
  ints.set(widths, widthsAt / 4);
  ints.set(kernels, kernelPointers / 4);
  ints.set(biases, biasPointers / 4);
  // The packed kernels' sizes come from the kernels, which read the struct just written.
  const packed = transposed ? 0 : layout.take(runtime.kernels.gen_mlp_packed_floats(net, 0));
  const packedT = transposed ? layout.take(runtime.kernels.gen_mlp_packed_floats(net, 1)) : 0;
  heap = runtime.reserve(layout.end);
  ints = new Int32Array(heap.buffer);
  ints.set([packed, packedT], net / 4 + 8);
  if (frequencies !== undefined) heap.set(backendFloats(backend, frequencies), frequenciesAt / 4);
  for (let l = 0; l < layerCount; l += 1) {
    heap.set(backendFloats(backend, inputs[`kernel${l}`] as tf.TensorInfo), (kernels[l] as number) / 4);
    heap.set(backendFloats(backend, inputs[`bias${l}`] as tf.TensorInfo), (biases[l] as number) / 4);
  }
  heap.set(backendFloats(backend, t), tAt / 4);
  heap.set(backendFloats(backend, x), xAt / 4);
  for (const [i, info] of extra.entries()) heap.set(backendFloats(backend, info), (extraAt[i] as number) / 4);
  runtime.kernels.gen_mlp_pack(net);
  return { net, t: tAt, x: xAt, rows, dim, widths, kernels, biases, layout, extra: extraAt };
}
