import * as tf from '@tensorflow/tfjs';
import type { SafetensorsTensor } from '../io/safetensors/read.js';
import type { Float32TensorEntry } from '../io/safetensors/write.js';
import type { MlpVectorFieldConfig } from './config.js';
import { type MlpVectorField, mlpWeightShapes, restoreMlpVectorField } from './mlp-vector-field.js';
import { stateDictValues } from './named-tensors.js';

/** One tensor of the PyTorch twin's state_dict and the gen tensor it holds. */
interface StateDictSlot {
  /** The PyTorch state_dict name. */
  readonly name: string;
  /** The gen name (a key of {@link MlpVectorField.namedVariables}). */
  readonly genName: string;
  /** The shape in PyTorch's layout. */
  readonly shape: readonly number[];
  /** Whether the tensor is a kernel, stored transposed ([out, in] in PyTorch, [in, out] in gen). */
  readonly transposed: boolean;
}

/**
 * The state_dict of the PyTorch twin `MlpVectorField` (`python/gen_torch.py`) for a config, in order.
 *
 * @remarks
 * | PyTorch name | shape | gen name |
 * | --- | --- | --- |
 * | `layers.<l>.weight` | [out, in] | `dense_<l>/kernel` [in, out], transposed |
 * | `layers.<l>.bias` | [out] | `dense_<l>/bias` |
 * | `layers.<l>.spectral_u` | [out] | `dense_<l>/spectral_u` (spectral normalisation only) |
 * | `time_embedding.frequencies` | [K] | `time_embedding/frequencies` (Fourier embedding only) |
 *
 * `layers.<l>` is the l-th `nn.Linear`, so `weight` has PyTorch's [out, in] layout.
 */
function stateDictSlots(config: MlpVectorFieldConfig): StateDictSlot[] {
  return mlpWeightShapes(config).map(([genName, shape]) => {
    const [scope = '', kind = ''] = genName.split('/');
    if (scope === 'time_embedding') return { name: 'time_embedding.frequencies', genName, shape, transposed: false };
    const prefix = `layers.${scope.slice('dense_'.length)}`;
    if (kind === 'kernel') return { name: `${prefix}.weight`, genName, shape: [...shape].reverse(), transposed: true };
    return { name: `${prefix}.${kind}`, genName, shape, transposed: false };
  });
}

/**
 * The state_dict of an MLP's PyTorch twin: every tensor of the model under its PyTorch name, in PyTorch's layout.
 *
 * @remarks
 * Names and layouts are listed in `python/gen_torch.py`'s docstring: `layers.<l>.weight` [out, in] (gen's
 * kernel transposed), `layers.<l>.bias` [out], `layers.<l>.spectral_u` [out], `time_embedding.frequencies` [K].
 * Values are read with `data()` (no tensor is created).
 *
 * @param model - The model; not modified.
 * @returns The tensors in state_dict order, their values new arrays owned by the caller.
 * @example
 * ```ts
 * const entries = await mlpStateDict(model); // [{ name: 'layers.0.weight', shape: [256, 3], values }, …]
 * ```
 */
export async function mlpStateDict(model: MlpVectorField): Promise<Float32TensorEntry[]> {
  const entries: Float32TensorEntry[] = [];
  for (const { name, genName, shape, transposed } of stateDictSlots(model.config)) {
    const values = (await (model.namedVariables[genName] as tf.Variable).data()) as Float32Array;
    entries.push({
      name,
      shape,
      values: transposed ? transpose(values, shape[1] as number, shape[0] as number) : values,
    });
  }
  return entries;
}

/**
 * Builds an MLP from its PyTorch twin's state_dict as read from a safetensors file.
 *
 * @remarks
 * Every name of the twin's state_dict for `config` (see {@link mlpStateDict}) must be present with its PyTorch
 * shape, and no other tensor may be. Values of dtype F32, F16, BF16 or F64 are converted to float32 (see
 * `decodeFloat32`); kernels are transposed to gen's [in, out]. Every check runs on the host before a tensor is
 * created, so a refused file leaves no tensor behind.
 *
 * @param config - The validated config (from the file's metadata).
 * @param tensors - The file's tensors by name; not modified.
 * @param parameter - The name of the file in errors, e.g. `'source'`; tensors are named `source["layers.0.weight"]`.
 * @returns A new model owned by the caller.
 * @throws `InvalidArgumentError` for an extra or missing tensor, a non-float dtype or a non-finite value;
 *   `ShapeError` for a tensor of the wrong shape; each naming the tensor.
 * @example
 * ```ts
 * const { tensors } = readSafetensors(bytes, 'bytes');
 * const model = mlpFromStateDict(resolveMlpConfig({ dim: 2 }, 'config'), tensors, 'bytes');
 * ```
 */
export function mlpFromStateDict(
  config: MlpVectorFieldConfig,
  tensors: ReadonlyMap<string, SafetensorsTensor>,
  parameter: string,
): MlpVectorField {
  const slots = stateDictSlots(config);
  const decoded = stateDictValues(slots, tensors, parameter, 'an mlp');
  const values = new Map<string, Float32Array>();
  for (const { name, genName, shape, transposed } of slots) {
    const value = decoded.get(name) as Float32Array;
    values.set(genName, transposed ? transpose(value, shape[0] as number, shape[1] as number) : value);
  }
  const weights: Record<string, tf.Tensor> = {};
  try {
    for (const [genName, shape] of mlpWeightShapes(config))
      weights[genName] = tf.tensor(values.get(genName) as Float32Array, shape);
    return restoreMlpVectorField(config, weights, parameter);
  } finally {
    tf.dispose(Object.values(weights));
  }
}

/** The transpose of a row-major [rows, columns] matrix. */
function transpose(values: Float32Array, rows: number, columns: number): Float32Array {
  const result = new Float32Array(values.length);
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < columns; j += 1) result[j * rows + i] = values[i * columns + j] as number;
  }
  return result;
}
