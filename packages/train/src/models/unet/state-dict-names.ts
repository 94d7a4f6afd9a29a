import type { UnetVectorFieldConfig } from './config.js';
import { type UnetWeight, unetWeights } from './weight-layout.js';

/** One tensor of the PyTorch twin's state_dict and the gen weight it holds. */
export interface UnetStateDictSlot {
  /** The PyTorch state_dict name, e.g. `down.0.res.0.conv1.weight`. */
  readonly name: string;
  /** The gen weight. */
  readonly weight: UnetWeight;
  /** The shape in PyTorch's layout. */
  readonly shape: readonly number[];
  /**
   * The axis permutation from gen's layout to PyTorch's: PyTorch axis a is gen axis `toTorch[a]` ([3, 2, 0, 1]
   * for conv kernels, [1, 0] for dense kernels, identity otherwise).
   */
  readonly toTorch: readonly number[];
}

/**
 * The state_dict of the PyTorch twin `UNetVectorField` (`python/gen_torch.py`) for a config, in gen's weight order.
 *
 * @remarks
 * | PyTorch name | PyTorch shape | gen name and shape |
 * | --- | --- | --- |
 * | `time_embed.{0,2}.weight` | [out, in] | `time_embed/{0,2}/kernel` [in, out] |
 * | `class_embed.weight` | [K + 1, E] | `class_embed/weight` [K + 1, E] |
 * | `*.conv1.weight`, `*.conv2.weight`, `*.skip.weight`, `input_conv.weight`, `*.downsample.weight`, `*.upsample.weight`, `out_conv.weight` | [out, in, kh, kw] | `…/kernel` [kh, kw, in, out] |
 * | `*.emb.weight`, `*.qkv.weight`, `*.proj.weight` | [out, in] | `…/kernel` [in, out] |
 * | `*.norm*.weight`, `*.norm*.bias`, `out_norm.*`, every `*.bias` | [channels] | the same |
 *
 * Every gen name maps to its PyTorch name by `/` → `.` and a final `kernel` → `weight`.
 *
 * @param config - A validated config.
 * @returns The slots, one per weight of {@link unetWeights}.
 * @example
 * ```ts
 * unetStateDictSlots(config)[0]; // { name: 'time_embed.0.weight', shape: [E, baseChannels], toTorch: [1, 0], … }
 * ```
 */
export function unetStateDictSlots(config: UnetVectorFieldConfig): UnetStateDictSlot[] {
  return unetWeights(config).map((weight) => {
    const name = weight.name.replaceAll('/', '.').replace(/\.kernel$/, '.weight');
    const identity = weight.shape.map((_, axis) => axis); // norms, biases and the [K + 1, E] class table
    const toTorch = weight.role === 'conv' ? [3, 2, 0, 1] : weight.role === 'linear' ? [1, 0] : identity;
    return { name, weight, shape: toTorch.map((axis) => weight.shape[axis] as number), toTorch };
  });
}

/**
 * Permutes the axes of a row-major array: the result's axis a is the input's axis `permutation[a]`.
 *
 * @param values - Row-major values of shape `shape`; not modified.
 * @param shape - Their shape.
 * @param permutation - A permutation of 0..rank−1.
 * @returns A new array of shape `permutation.map((a) => shape[a])`.
 * @example
 * ```ts
 * permuteAxes(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3], [1, 0]); // [1, 4, 2, 5, 3, 6]
 * ```
 */
export function permuteAxes(
  values: Float32Array,
  shape: readonly number[],
  permutation: readonly number[],
): Float32Array {
  const rank = shape.length;
  if (rank <= 1) return values.slice();
  const strides = new Array<number>(rank).fill(1);
  for (let a = rank - 2; a >= 0; a -= 1) strides[a] = (strides[a + 1] as number) * (shape[a + 1] as number);
  const outShape = permutation.map((a) => shape[a] as number);
  const outStrides = permutation.map((a) => strides[a] as number);
  const result = new Float32Array(values.length);
  const index = new Array<number>(rank).fill(0);
  let source = 0;
  for (let k = 0; k < result.length; k += 1) {
    result[k] = values[source] as number;
    for (let a = rank - 1; a >= 0; a -= 1) {
      index[a] = (index[a] as number) + 1;
      source += outStrides[a] as number;
      if ((index[a] as number) < (outShape[a] as number)) break;
      source -= (outStrides[a] as number) * (outShape[a] as number);
      index[a] = 0;
    }
  }
  return result;
}
