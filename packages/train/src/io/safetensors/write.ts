import { InvalidArgumentError } from '@gen/core';

/** One float32 tensor to write with {@link writeSafetensors}. */
export interface Float32TensorEntry {
  /** The tensor's name in the file (not `"__metadata__"`). */
  readonly name: string;
  /** The dimensions, row-major; their product is `values.length`. */
  readonly shape: readonly number[];
  /** The values, row-major. */
  readonly values: Float32Array;
}

/**
 * Serialises float32 tensors and string metadata to the bytes of a safetensors file.
 *
 * @remarks
 * Writes the 8-byte little-endian header length, the JSON header (`"__metadata__"` first, then each tensor as
 * `{ "dtype": "F32", "shape", "data_offsets" }` in the order given, padded with spaces to a multiple of 8 bytes so
 * the data starts aligned), then the tensors' little-endian bytes back to back. `readSafetensors` reads the
 * result back exactly, and so do PyTorch's `safetensors` package and `python/gen_torch.py`.
 *
 * @param tensors - The tensors, with unique names; not modified.
 * @param metadata - String-to-string metadata for the `"__metadata__"` entry.
 * @returns The file's bytes, owned by the caller.
 * @throws `InvalidArgumentError` for a duplicate or reserved name, a shape that is not non-negative integers, or a
 *   shape whose product differs from `values.length` (named `tensors[i].shape`), or a metadata value that is not a
 *   string.
 * @example
 * ```ts
 * const bytes = writeSafetensors([{ name: 'w', shape: [2], values: new Float32Array([1, 2]) }], { note: 'hi' });
 * ```
 */
export function writeSafetensors(
  tensors: readonly Float32TensorEntry[],
  metadata: Readonly<Record<string, string>>,
): Uint8Array<ArrayBuffer> {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new InvalidArgumentError(`metadata.${key}`, 'a string', value);
  }
  const names = new Set<string>();
  let offset = 0;
  const entries: [string, unknown][] = [['__metadata__', metadata]];
  for (const [i, { name, shape, values }] of tensors.entries()) {
    if (name === '__metadata__' || names.has(name)) {
      throw new InvalidArgumentError(`tensors[${i}].name`, 'a unique name other than "__metadata__"', name);
    }
    names.add(name);
    const count = shape.reduce((product, dim) => product * dim, 1);
    if (!shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0) || count !== values.length) {
      throw new InvalidArgumentError(
        `tensors[${i}].shape`,
        `non-negative integers whose product is ${values.length} (the number of values)`,
        [...shape],
      );
    }
    entries.push([name, { dtype: 'F32', shape: [...shape], data_offsets: [offset, offset + 4 * count] }]);
    offset += 4 * count;
  }
  const json = new TextEncoder().encode(JSON.stringify(Object.fromEntries(entries)));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, headerLength, true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const { values } of tensors) {
    for (const value of values) {
      view.setFloat32(position, value, true);
      position += 4;
    }
  }
  return bytes;
}
