import { InvalidArgumentError } from '@gen/core';

/**
 * The element types a safetensors header may name, with their sizes in bytes.
 *
 * @remarks
 * These are the dtypes of the safetensors reference implementation that occupy whole bytes. The reader checks
 * every tensor's byte range against its dtype and shape with these sizes; {@link decodeFloat32} converts the four
 * floating-point ones (`F32`, `F16`, `BF16`, `F64`) to float32. Any other name is refused.
 */
export const SAFETENSORS_DTYPE_SIZES: Readonly<Record<string, number>> = Object.freeze({
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
});

/** The dtypes {@link decodeFloat32} converts to float32. */
export const FLOAT_DTYPES = ['F32', 'F16', 'BF16', 'F64'] as const;

/**
 * Converts a tensor's little-endian bytes of a floating-point dtype to float32 values, refusing non-finite ones.
 *
 * @remarks
 * `F32` is copied; `F16` (IEEE half, subnormals included) and `BF16` (the top 16 bits of a float32) are exact in
 * float32; `F64` is rounded to the nearest float32. Bytes are read with explicit little-endian loads, so the
 * result does not depend on the host's byte order or on the alignment of `bytes`. A NaN or infinity (including an
 * `F64` beyond float32's range) is refused: model weights must be finite.
 *
 * @param dtype - The tensor's dtype: `'F32'`, `'F16'`, `'BF16'` or `'F64'`.
 * @param bytes - The tensor's bytes (a view into the file; not modified).
 * @param parameter - The name to report in errors, e.g. `'source["layers.0.weight"]'`.
 * @returns A new float32 array of `bytes.length / size(dtype)` values, owned by the caller.
 * @throws `InvalidArgumentError` naming `parameter` for another dtype, a byte length that is not a multiple of the
 *   element size, or a value that is not finite in float32.
 * @example
 * ```ts
 * decodeFloat32('BF16', new Uint8Array([0x80, 0x3f]), 'w'); // Float32Array [1]
 * ```
 */
export function decodeFloat32(dtype: string, bytes: Uint8Array, parameter: string): Float32Array {
  if (!(FLOAT_DTYPES as readonly string[]).includes(dtype)) {
    throw new InvalidArgumentError(
      parameter,
      `a floating-point tensor (${FLOAT_DTYPES.join(', ')})`,
      dtype,
      'Convert the weights to a float dtype before saving.',
    );
  }
  const size = SAFETENSORS_DTYPE_SIZES[dtype] as number;
  if (bytes.length % size !== 0) {
    throw new InvalidArgumentError(parameter, `a byte length divisible by ${size} (${dtype})`, bytes.length);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(bytes.length / size);
  for (let i = 0; i < values.length; i += 1) {
    const value = readElement(view, dtype, i * size);
    if (!Number.isFinite(Math.fround(value))) {
      throw new InvalidArgumentError(parameter, 'finite values (in float32)', value, `Element ${i} is not finite.`);
    }
    values[i] = value;
  }
  return values;
}

function readElement(view: DataView, dtype: string, offset: number): number {
  switch (dtype) {
    case 'F32':
      return view.getFloat32(offset, true);
    case 'F64':
      return view.getFloat64(offset, true);
    case 'BF16':
      return bfloat16ToNumber(view.getUint16(offset, true));
    default:
      return float16ToNumber(view.getUint16(offset, true));
  }
}

/** The value of an IEEE 754 binary16 bit pattern (exact in float32). */
function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const bfloat16Scratch = new DataView(new ArrayBuffer(4));

/** The value of a bfloat16 bit pattern: the upper half of a float32. */
function bfloat16ToNumber(bits: number): number {
  bfloat16Scratch.setUint32(0, bits << 16, true);
  return bfloat16Scratch.getFloat32(0, true);
}
