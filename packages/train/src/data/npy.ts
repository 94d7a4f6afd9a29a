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
/** The longest header accepted, in bytes: numpy.load's default `max_header_size` (a 2-D array needs about 120). */
const MAX_HEADER_BYTES = 10_000;

/**
 * Reads a NumPy `.npy` file holding a 2-D float array into a dataset.
 *
 * @remarks
 * Supports format versions 1.0 and 2.0, dtypes `<f4` (float32) and `<f8` (float64), little-endian, C order
 * (`fortran_order: False`) and 2-D shapes (N, D) with N, D ≥ 1; every value must be finite, and the data must be
 * exactly N·D values long. The header (a Python dict literal) is parsed strictly, in one pass, and may be at most
 * 10 000 bytes long (numpy.load's default limit). Sizes are checked against the file's length before anything is
 * allocated. Values are kept as float64 (exactly, for either dtype) and sampled as float32.
 *
 * @param buffer - The file's bytes.
 * @param options - The dataset's name.
 * @returns An {@link ArrayDataset} of the rows.
 * @throws `InvalidArgumentError` naming `buffer` when it is not bytes, lacks the NPY magic, has another format
 *   version, a header longer than 10 000 bytes or not a dict of `descr`, `fortran_order` and a tuple of integers
 *   `shape`, another dtype, byte order or memory order, fewer or more data bytes than the shape needs, or a
 *   non-finite value; `ShapeError` naming `buffer` for a shape that is not 2-D with positive sizes. Messages echo at
 *   most 80 characters of the file.
 * @example
 * ```ts
 * const data = parseNpy(await fetch('/points.npy').then((r) => r.arrayBuffer()));
 * ```
 * @see https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
export function parseNpy(buffer: ArrayBuffer | Uint8Array, options: ParseNpyOptions = {}): ArrayDataset {
  const { name = 'npy' } = options;
  const array = readNpyArray(buffer, {
    name,
    dtypes: ['<f4', '<f8'],
    expectedDtype: "dtype '<f4' or '<f8' (little-endian float32 or float64)",
    dtypeHint: 'Convert with a.astype("<f4").',
    checkShape: (shape) => {
      if (shape.length !== 2 || !shape.every((s) => s >= 1)) {
        throw new ShapeError('buffer', '(N, D) with N, D ≥ 1 (a 2-D array)', shape, `In ${name}.`);
      }
    },
  });
  const d = array.shape[1] as number;
  const values = new Float64Array(array.values);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new InvalidArgumentError(
      'buffer',
      'finite values',
      values[bad],
      `In ${name}. Entry (${Math.floor(bad / d)}, ${bad % d}).`,
    );
  }
  return arrayDataset(values, d, { name });
}

/** The NPY dtypes gen reads, and the typed array each is read into. */
export type NpyDtype = '<f4' | '<f8' | '|u1' | '<i4' | '<i8';

/** An array read from an NPY file by {@link readNpyArray}. */
export interface NpyArray {
  /** The dtype as the header spells it. */
  readonly descr: NpyDtype;
  /** The shape. */
  readonly shape: readonly number[];
  /**
   * The values, row-major: `Float32Array` for `<f4`, `Float64Array` for `<f8` and `<i8` (exact: every value is
   * checked to be a safe integer), `Uint8Array` for `|u1` (a view of the file's bytes), `Int32Array` for `<i4`.
   */
  readonly values: Float32Array | Float64Array | Uint8Array | Int32Array;
}

/** Options of {@link readNpyArray}. */
export interface ReadNpyArrayOptions {
  /** The file's name, for error messages. */
  name: string;
  /** The parameter to name in errors (default `"buffer"`). */
  parameter?: string;
  /** The dtypes accepted. */
  dtypes: readonly NpyDtype[];
  /** What the dtype must be, in words, for the error (e.g. `"dtype '|u1' or '<f4'"`). */
  expectedDtype: string;
  /** How to convert another dtype, for the error (e.g. `'Convert with a.astype("<f4").'`). */
  dtypeHint: string;
  /** Throws (a `ShapeError` naming `buffer`) for a shape the caller cannot use; runs before the data is read. */
  checkShape(shape: readonly number[]): void;
}

const ITEM_SIZE: Readonly<Record<NpyDtype, 1 | 4 | 8>> = { '<f4': 4, '<f8': 8, '|u1': 1, '<i4': 4, '<i8': 8 };

/**
 * Reads the array of a NumPy `.npy` file: the strict header parse of {@link parseNpy}, then the data of one of the
 * accepted dtypes, with every size checked against the file's length before anything is allocated.
 *
 * @param buffer - The file's bytes.
 * @param options - The name, accepted dtypes and shape check.
 * @returns The array.
 * @throws `InvalidArgumentError` naming `options.parameter` (default `buffer`) as {@link parseNpy} does (magic, version, header, dtype, memory
 *   order, data length; an `<i8` value beyond ±2⁵³); whatever `checkShape` throws.
 * @example
 * ```ts
 * const hint = 'Convert with a.astype("u1").';
 * const { shape, values } = readNpyArray(bytes, { name: 'x.npy', dtypes: ['|u1'], expectedDtype: "dtype '|u1'", dtypeHint: hint, checkShape() {} });
 * ```
 */
export function readNpyArray(buffer: ArrayBuffer | Uint8Array, options: ReadNpyArrayOptions): NpyArray {
  const { name, parameter = 'buffer' } = options;
  const bytes = asBytes(buffer, parameter);
  const fail = (expected: string, received: unknown, hint?: string): never => {
    throw new InvalidArgumentError(parameter, expected, received, `In ${name}.${hint ? ` ${hint}` : ''}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('an NPY file (starting with \\x93NUMPY)', buffer);
  const major = bytes[6] as number;
  if (major !== 1 && major !== 2) fail('NPY format version 1.0 or 2.0', `version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart) fail('a complete NPY header', `${bytes.length} bytes`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES) {
    fail(`a header of at most ${MAX_HEADER_BYTES} bytes`, `${headerLength} bytes`, 'numpy.load refuses it too.');
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) fail('a complete NPY header', `${bytes.length} bytes`);
  const header = parseHeader(new TextDecoder('latin1').decode(bytes.subarray(headerStart, dataStart)), fail);
  const descr = header.descr as NpyDtype;
  if (!options.dtypes.includes(descr)) {
    fail(options.expectedDtype, header.descr, options.dtypeHint);
  }
  if (header.fortranOrder) {
    fail('C order (fortran_order False)', 'fortran_order True', 'Save np.ascontiguousarray(a) instead.');
  }
  const { shape } = header;
  options.checkShape(shape);
  const itemSize = ITEM_SIZE[descr];
  const count = shape.reduce((a, b) => a * b, 1);
  const dims = shape.join(', ');
  if (!Number.isSafeInteger(count * itemSize) || bytes.length - dataStart !== count * itemSize) {
    fail(`${count * itemSize} data bytes for shape (${dims})`, `${bytes.length - dataStart} bytes`);
  }
  return { descr, shape, values: readValues(view, dataStart, count, descr, fail) };
}

/** The `count` values of dtype `descr` from `dataStart` on, little-endian. */
function readValues(
  view: DataView,
  dataStart: number,
  count: number,
  descr: NpyDtype,
  fail: Fail,
): Float32Array | Float64Array | Uint8Array | Int32Array {
  if (descr === '|u1') return new Uint8Array(view.buffer, view.byteOffset + dataStart, count);
  const out =
    descr === '<f4' ? new Float32Array(count) : descr === '<i4' ? new Int32Array(count) : new Float64Array(count);
  for (let k = 0; k < count; k += 1) {
    const offset = dataStart + k * ITEM_SIZE[descr];
    if (descr === '<f4') out[k] = view.getFloat32(offset, true);
    else if (descr === '<f8') out[k] = view.getFloat64(offset, true);
    else if (descr === '<i4') out[k] = view.getInt32(offset, true);
    else {
      const value = view.getBigInt64(offset, true);
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
        fail('int64 values within ±2⁵³', String(value), `Entry ${k}.`);
      }
      out[k] = Number(value);
    }
  }
  return out;
}

/** What an NPY header dict says. */
interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

type Fail = (expected: string, received: unknown, hint?: string) => never;

/**
 * Parses the Python dict literal of an NPY header, e.g. `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }`:
 * the three keys once each in any order, string values in single or double quotes, `True`/`False`, and a tuple of
 * integers (Python 2's `3L` included). One left-to-right pass without backtracking or recursion.
 */
function parseHeader(text: string, fail: Fail): NpyHeader {
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && ' \t\r\n'.includes(text[at] as string)) at += 1;
  };
  const consume = (char: string, expected: string) => {
    skipSpace();
    if (text[at] !== char) fail(expected, text.slice(at));
    at += 1;
  };
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const found = pattern.exec(text)?.[0];
    if (found !== undefined) at += found.length;
    return found;
  };
  const quoted = (expected: string): string => {
    skipSpace();
    const found = match(/'[^']*'|"[^"]*"/y);
    if (found === undefined) fail(expected, text.slice(at));
    return (found as string).slice(1, -1);
  };
  const tuple = (): number[] => {
    const expected = 'a shape tuple of integers, e.g. (3, 2)';
    consume('(', expected);
    const dims: number[] = [];
    for (skipSpace(); text[at] !== ')'; skipSpace()) {
      const digits = match(/-?\d+L?/y);
      const dim = digits === undefined ? Number.NaN : Number.parseInt(digits, 10);
      if (!Number.isSafeInteger(dim)) fail(expected, text.slice(at - (digits?.length ?? 0)));
      dims.push(dim);
      skipSpace();
      if (text[at] === ',') at += 1;
      else if (text[at] !== ')') fail(expected, text.slice(at));
    }
    at += 1;
    return dims;
  };
  const keys = "a header dict with the keys 'descr', 'fortran_order' and 'shape' once each";
  const found: Partial<NpyHeader> = {};
  consume('{', keys);
  for (skipSpace(); text[at] !== '}'; skipSpace()) {
    const key = quoted(keys);
    consume(':', keys);
    skipSpace();
    if (key === 'descr' && found.descr === undefined) found.descr = quoted("a dtype string such as '<f4'");
    else if (key === 'fortran_order' && found.fortranOrder === undefined) {
      const value = match(/True|False/y);
      if (value === undefined) fail('fortran_order True or False', text.slice(at));
      found.fortranOrder = value === 'True';
    } else if (key === 'shape' && found.shape === undefined) found.shape = tuple();
    else fail(keys, key);
    skipSpace();
    if (text[at] === ',') at += 1;
    else if (text[at] !== '}') fail(keys, text.slice(at));
  }
  at += 1;
  skipSpace();
  if (at < text.length) fail('nothing but padding after the header dict', text.slice(at));
  const { descr, fortranOrder, shape } = found;
  if (descr === undefined || fortranOrder === undefined || shape === undefined) fail(keys, text);
  return { descr, fortranOrder, shape } as NpyHeader;
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
 * @param shape - The array's shape in the file (default [N, D]): e.g. [N, H, W, C] for images flattened to
 *   [N, H·W·C] rows; its first entry must be N and the product of the rest D.
 * @returns The file's bytes.
 * @throws `InvalidArgumentError` / `ShapeError` naming `source` or its offending row or entry; `ShapeError` naming
 *   `shape` when it does not hold the N×D values.
 * @example
 * ```ts
 * await writeFile('samples.npy', toNpy(samples));
 * await writeFile('images.npy', toNpy(images.reshape([64, 784]), [64, 28, 28, 1]));
 * ```
 * @see https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
export function toNpy(source: TableSource, shape?: readonly number[]): Uint8Array {
  const { values, rows, cols, float32 } = hostTable(source);
  const dims = shape ?? [rows, cols];
  if (
    dims[0] !== rows ||
    dims.slice(1).reduce((a, b) => a * b, 1) !== cols ||
    dims.some((d) => !Number.isSafeInteger(d))
  ) {
    throw new ShapeError('shape', `[${rows}, …] with the rest multiplying to ${cols}`, [...dims].slice(0, 8));
  }
  const size = float32 ? 4 : 8;
  const tuple = dims.length === 1 ? `${dims[0]},` : dims.join(', ');
  const dict = `{'descr': '<f${size}', 'fortran_order': False, 'shape': (${tuple}), }`;
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
function asBytes(buffer: unknown, parameter: string): Uint8Array {
  if (buffer instanceof Uint8Array) return buffer;
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  throw new InvalidArgumentError(parameter, 'an ArrayBuffer or Uint8Array', buffer);
}
