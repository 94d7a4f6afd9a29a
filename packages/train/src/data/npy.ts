import { InvalidArgumentError, ShapeError } from '@gen/core';
import { type ArrayDataset, arrayDataset } from './array-dataset.js';
import { hostTable, type TableSource } from './table-source.js';

/** Options of {@link parseNpy}. */
export interface ParseNpyOptions {
  /** The dataset's name, also used in error messages (default `"npy"`). */
  name?: string;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGNMENT = 64;
const ITEM_SIZE: Readonly<Record<string, 4 | 8>> = { '<f4': 4, '<f8': 8 };

/**
 * Reads a NumPy `.npy` file holding a 2-D float array into a dataset.
 *
 * @remarks
 * Supports format versions 1.0 and 2.0, dtypes `<f4` (float32) and `<f8` (float64), little-endian, C order
 * (`fortran_order: False`) and 2-D shapes (N, D) with N, D ≥ 1; every value must be finite. Values are kept as
 * float64 (exactly, for either dtype) and sampled as float32.
 *
 * @param buffer - The file's bytes.
 * @param options - The dataset's name.
 * @returns An {@link ArrayDataset} of the rows.
 * @throws `InvalidArgumentError` naming `buffer` when it is not bytes, lacks the NPY magic, has another format
 *   version, dtype, byte order or memory order, is truncated, or holds a non-finite value; `ShapeError` naming
 *   `buffer` for a shape that is not 2-D with positive sizes.
 * @example
 * ```ts
 * const data = parseNpy(await fetch('/points.npy').then((r) => r.arrayBuffer()));
 * ```
 * @see https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
export function parseNpy(buffer: ArrayBuffer | Uint8Array, options: ParseNpyOptions = {}): ArrayDataset {
  const { name = 'npy' } = options;
  const bytes = asBytes(buffer);
  const fail = (expected: string, received: unknown, hint?: string): never => {
    throw new InvalidArgumentError('buffer', expected, received, `In ${name}.${hint ? ` ${hint}` : ''}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('an NPY file (starting with \\x93NUMPY)', buffer);
  const major = bytes[6] as number;
  if (major !== 1 && major !== 2) fail('NPY format version 1.0 or 2.0', `version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerStart = major === 1 ? 10 : 12;
  const headerLength =
    major === 1 ? view.getUint16(8, true) : bytes.length >= 12 ? view.getUint32(8, true) : Number.NaN;
  const dataStart = headerStart + headerLength;
  if (!(dataStart <= bytes.length)) fail('a complete NPY header', `${bytes.length} bytes`);
  const header = String.fromCharCode(...bytes.subarray(headerStart, dataStart));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const itemSize = descr === undefined ? undefined : ITEM_SIZE[descr];
  if (itemSize === undefined) {
    fail("dtype '<f4' or '<f8' (little-endian float32 or float64)", descr ?? header, 'Convert with a.astype("<f4").');
  }
  if (/'fortran_order'\s*:\s*True/.test(header)) {
    fail('C order (fortran_order False)', 'fortran_order True', 'Save np.ascontiguousarray(a) instead.');
  }
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (shapeText === undefined) fail('a header with a shape', header);
  const shape = (shapeText as string)
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number);
  const [n = 0, d = 0] = shape;
  if (shape.length !== 2 || n < 1 || d < 1) {
    throw new ShapeError('buffer', '(N, D) with N, D ≥ 1 (a 2-D array)', shape, `In ${name}.`);
  }
  const size = itemSize as number;
  if (bytes.length - dataStart < n * d * size)
    fail(`${n * d * size} data bytes for shape (${n}, ${d})`, `${bytes.length - dataStart} bytes`);
  const values = new Float64Array(n * d);
  for (let k = 0; k < values.length; k += 1) {
    const offset = dataStart + k * size;
    const value = size === 4 ? view.getFloat32(offset, true) : view.getFloat64(offset, true);
    if (!Number.isFinite(value)) fail('finite values', value, `Entry (${Math.floor(k / d)}, ${k % d}).`);
    values[k] = value;
  }
  return arrayDataset(values, d, { name });
}

/**
 * Writes a table as a NumPy `.npy` file (format 1.0, C order) that {@link parseNpy} and `numpy.load` read back
 * bit-exactly.
 *
 * @remarks
 * A tensor is written as `<f4` (its float32 values); rows of JS numbers as `<f8`. The header is padded with spaces
 * so the data starts at a multiple of 64 bytes, as NumPy does.
 *
 * @param source - A float32/int32 tensor [N, D] (not disposed) or N rows of D finite numbers.
 * @returns The file's bytes.
 * @throws `InvalidArgumentError` / `ShapeError` naming `source` or its offending row or entry.
 * @example
 * ```ts
 * await writeFile('samples.npy', toNpy(samples));
 * ```
 * @see https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
export function toNpy(source: TableSource): Uint8Array {
  const { values, rows, cols, float32 } = hostTable(source);
  const size = float32 ? 4 : 8;
  const dict = `{'descr': '<f${size}', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const padding = (ALIGNMENT - ((10 + dict.length + 1) % ALIGNMENT)) % ALIGNMENT;
  const header = `${dict}${' '.repeat(padding)}\n`;
  const bytes = new Uint8Array(10 + header.length + values.length * size);
  bytes.set(MAGIC);
  bytes[6] = 1;
  const view = new DataView(bytes.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i += 1) bytes[10 + i] = header.charCodeAt(i);
  const dataStart = 10 + header.length;
  for (const [k, value] of values.entries()) {
    if (float32) view.setFloat32(dataStart + 4 * k, value, true);
    else view.setFloat64(dataStart + 8 * k, value, true);
  }
  return bytes;
}

/** A byte view of an ArrayBuffer or typed byte array (a Node `Buffer` included). */
function asBytes(buffer: unknown): Uint8Array {
  if (buffer instanceof Uint8Array) return buffer;
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  throw new InvalidArgumentError('buffer', 'an ArrayBuffer or Uint8Array', buffer);
}
