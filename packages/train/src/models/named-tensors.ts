import { InvalidArgumentError, ShapeError } from '@gen/core';
import { assertTensor, describeValue, formatShape } from '@gen/core/internal';
import type * as tf from '@tensorflow/tfjs';
import { decodeFloat32 } from '../io/safetensors/dtypes.js';
import { type SafetensorsTensor, tensorLabel } from '../io/safetensors/read.js';

/**
 * Checks that `weights` holds exactly the named float32 tensors of a model's state, each with its shape.
 *
 * @param shapes - Every expected name with its shape.
 * @param weights - The tensors by name; not modified.
 * @param parameter - The name of `weights` in errors; a tensor is named `parameter["<name>"]`.
 * @throws `InvalidArgumentError` for an extra or missing tensor or one that is not float32; `ShapeError` for a
 *   wrong shape.
 * @example
 * ```ts
 * checkNamedTensors([['dense_0/kernel', [3, 2]]], weights, 'weights');
 * ```
 */
export function checkNamedTensors(
  shapes: readonly (readonly [name: string, shape: readonly number[]])[],
  weights: Readonly<Record<string, tf.Tensor>>,
  parameter: string,
): void {
  const expected = new Set(shapes.map(([name]) => name));
  for (const name of Object.keys(weights)) {
    if (!expected.has(name)) {
      throw new InvalidArgumentError(
        `${parameter}[${describeValue(name)}]`,
        'no tensor: the config has no such weight',
        weights[name],
      );
    }
  }
  for (const [name, shape] of shapes) {
    const label = `${parameter}["${name}"]`;
    const value = weights[name];
    if (value === undefined) {
      throw new InvalidArgumentError(label, `a float32 tensor of shape ${formatShape([...shape])}`, value);
    }
    assertTensor(label, value, { dtype: 'float32', shape: [...shape] });
  }
}

/**
 * The float32 values of a PyTorch state_dict read from a safetensors file, after checking that the file holds
 * exactly the expected names with their shapes; all on the host, so a refused file leaves no tensor behind.
 *
 * @param slots - Every expected PyTorch name with its PyTorch shape.
 * @param tensors - The file's tensors by name; not modified.
 * @param parameter - The name of the file in errors; a tensor is named `parameter["<name>"]`.
 * @param model - The model kind with its article (`'an mlp'`), for the message about an extra tensor.
 * @returns The values by PyTorch name (F32, F16, BF16 or F64 converted to float32 by `decodeFloat32`).
 * @throws `InvalidArgumentError` for an extra or missing tensor, a non-float dtype or a non-finite value;
 *   `ShapeError` for a wrong shape.
 * @example
 * ```ts
 * const values = stateDictValues([{ name: 'layers.0.weight', shape: [256, 3] }], tensors, 'bytes', 'an mlp');
 * ```
 */
export function stateDictValues(
  slots: readonly { readonly name: string; readonly shape: readonly number[] }[],
  tensors: ReadonlyMap<string, SafetensorsTensor>,
  parameter: string,
  model: string,
): Map<string, Float32Array> {
  const expected = new Set(slots.map(({ name }) => name));
  for (const name of tensors.keys()) {
    if (!expected.has(name)) {
      throw new InvalidArgumentError(
        tensorLabel(parameter, name),
        `no such tensor: it is not in the state_dict of ${model} with this config (see python/gen_torch.py)`,
        'an extra tensor',
      );
    }
  }
  const values = new Map<string, Float32Array>();
  for (const { name, shape } of slots) {
    const label = tensorLabel(parameter, name);
    const tensor = tensors.get(name);
    if (tensor === undefined) {
      throw new InvalidArgumentError(
        label,
        `a tensor of shape ${formatShape([...shape])}`,
        'no such tensor in the file',
      );
    }
    if (tensor.shape.length !== shape.length || tensor.shape.some((dim, i) => dim !== shape[i])) {
      throw new ShapeError(label, formatShape([...shape]), tensor.shape);
    }
    values.set(name, decodeFloat32(tensor.dtype, tensor.bytes, label));
  }
  return values;
}
