import * as tf from '@tensorflow/tfjs';
import type { SafetensorsTensor } from '../../io/safetensors/read.js';
import type { Float32TensorEntry } from '../../io/safetensors/write.js';
import { stateDictValues } from '../named-tensors.js';
import type { UnetVectorFieldConfig } from './config.js';
import { permuteAxes, unetStateDictSlots } from './state-dict-names.js';
import { restoreUnetVectorField, type UnetVectorField } from './unet-vector-field.js';

/**
 * The state_dict of a U-Net's PyTorch twin: every weight under its PyTorch name, in PyTorch's layout.
 *
 * @remarks
 * Names and layouts are those of `unetStateDictSlots` (e.g. `down.0.res.0.conv1.weight` [out, in, 3, 3] from gen's
 * `down/0/res/0/conv1/kernel` [3, 3, in, out]). Values are read with `data()` (no tensor is created).
 *
 * @param model - The model; not modified.
 * @returns The tensors in gen's weight order, their values new arrays owned by the caller.
 * @example
 * ```ts
 * const entries = await unetStateDict(model); // [{ name: 'time_embed.0.weight', shape: [128, 32], values }, …]
 * ```
 */
export async function unetStateDict(model: UnetVectorField): Promise<Float32TensorEntry[]> {
  const entries: Float32TensorEntry[] = [];
  for (const { name, weight, shape, toTorch } of unetStateDictSlots(model.config)) {
    const values = (await (model.namedVariables[weight.name] as tf.Variable).data()) as Float32Array;
    entries.push({ name, shape, values: permuteAxes(values, weight.shape, toTorch) });
  }
  return entries;
}

/**
 * Builds a U-Net from its PyTorch twin's state_dict as read from a safetensors file.
 *
 * @remarks
 * Every name of the twin's state_dict for `config` (see {@link unetStateDict}) must be present with its PyTorch
 * shape, and no other tensor may be. Values of dtype F32, F16, BF16 or F64 are converted to float32 (see
 * `decodeFloat32`) and permuted to gen's layout. Every check runs on the host before a tensor is created, so a
 * refused file leaves no tensor behind.
 *
 * @param config - The validated config (from the file's metadata).
 * @param tensors - The file's tensors by name; not modified.
 * @param parameter - The name of the file in errors; tensors are named e.g. `source["input_conv.weight"]`.
 * @returns A new model owned by the caller.
 * @throws `InvalidArgumentError` for an extra or missing tensor, a non-float dtype or a non-finite value;
 *   `ShapeError` for a tensor of the wrong shape; each naming the tensor.
 * @example
 * ```ts
 * const { tensors } = readSafetensors(bytes, 'bytes');
 * const model = unetFromStateDict(resolveUnetConfig({ imageShape: [28, 28, 1] }, 'config'), tensors, 'bytes');
 * ```
 */
export function unetFromStateDict(
  config: UnetVectorFieldConfig,
  tensors: ReadonlyMap<string, SafetensorsTensor>,
  parameter: string,
): UnetVectorField {
  const slots = unetStateDictSlots(config);
  const decoded = stateDictValues(slots, tensors, parameter, 'a unet');
  const values = new Map<string, Float32Array>();
  for (const { name, weight, shape, toTorch } of slots) {
    const toGen = toTorch.map((_, genAxis) => toTorch.indexOf(genAxis));
    values.set(weight.name, permuteAxes(decoded.get(name) as Float32Array, shape, toGen));
  }
  const weights: Record<string, tf.Tensor> = {};
  try {
    for (const { weight } of slots)
      weights[weight.name] = tf.tensor(values.get(weight.name) as Float32Array, [...weight.shape]);
    return restoreUnetVectorField(config, weights, parameter);
  } finally {
    tf.dispose(Object.values(weights));
  }
}
