import { InvalidArgumentError } from '@gen/core';
import { SAFETENSORS_DTYPE_SIZES } from './dtypes.js';

/** The largest header the reader accepts, in bytes (the limit of the safetensors reference implementation). */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

/** The header key that holds a safetensors file's string-to-string metadata. */
const METADATA_KEY = '__metadata__';

/** Longest tensor name or metadata text echoed in an error message. */
const ECHO_LIMIT = 80;

/** One tensor of a parsed safetensors file: its dtype, shape and bytes. */
export interface SafetensorsTensor {
  /** The dtype as the header names it, one of the keys of {@link SAFETENSORS_DTYPE_SIZES}. */
  readonly dtype: string;
  /** The dimensions, row-major (outermost first). */
  readonly shape: readonly number[];
  /** The tensor's little-endian bytes: a view into the parsed file, not a copy. */
  readonly bytes: Uint8Array;
}

/** What {@link readSafetensors} finds in a file. */
export interface SafetensorsContents {
  /** The `__metadata__` entries (empty when the file has none). */
  readonly metadata: ReadonlyMap<string, string>;
  /** Every tensor by name. */
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
}

/**
 * Parses a safetensors file held in memory, checking every field of its header before it is used.
 *
 * @remarks
 * The layout: an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON (an object, possibly padded
 * with trailing spaces) mapping each tensor name to `{ dtype, shape, data_offsets: [begin, end] }` plus an
 * optional `"__metadata__"` object of strings, then the data buffer; offsets are relative to the buffer's start
 * and tensors are row-major little-endian.
 *
 * The file is untrusted input. Refused, each with an `InvalidArgumentError` naming `parameter` (and, in brackets,
 * the tensor concerned): fewer than 8 bytes; N above {@link SAFETENSORS_MAX_HEADER_BYTES} or past the end of the
 * file; a header that is not UTF-8, does not start with `{` or is not a JSON object; metadata values that are not
 * strings; a dtype outside {@link SAFETENSORS_DTYPE_SIZES}; dimensions or offsets that are not non-negative safe
 * integers; `begin > end`; a byte length other than size(dtype) × Π shape; and offsets that do not tile the buffer
 * exactly (a gap, an overlap, or bytes left after the last tensor). Work and memory are linear in the file's
 * length: nothing is allocated from a size the header claims. No tensor data is copied or converted here (see
 * `decodeFloat32`).
 *
 * @param bytes - The whole file; not modified (the returned tensors view it).
 * @param parameter - The name to report in errors, e.g. `'source'`.
 * @returns The metadata and the tensors, which share `bytes`' memory.
 * @throws `InvalidArgumentError` naming `parameter` or `parameter["<tensor name>"]`, as listed above.
 * @example
 * ```ts
 * const { metadata, tensors } = readSafetensors(new Uint8Array(await file.arrayBuffer()), 'file');
 * const weight = tensors.get('layers.0.weight'); // { dtype: 'F32', shape: [256, 3], bytes }
 * ```
 * @see https://github.com/huggingface/safetensors (the format and its reference implementation).
 */
export function readSafetensors(bytes: Uint8Array, parameter: string): SafetensorsContents {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError(parameter, 'the bytes of a file', bytes);
  if (bytes.length < 8) {
    throw new InvalidArgumentError(parameter, 'a safetensors file (at least 8 bytes)', `${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > SAFETENSORS_MAX_HEADER_BYTES || 8 + headerLength > bytes.length) {
    throw new InvalidArgumentError(
      parameter,
      `a header length ≤ ${SAFETENSORS_MAX_HEADER_BYTES} bytes and within the file (${bytes.length} bytes)`,
      headerLength,
    );
  }
  const header = parseHeader(bytes.subarray(8, 8 + headerLength), parameter);
  const buffer = bytes.subarray(8 + headerLength);
  const metadata = new Map<string, string>();
  const ranges: { name: string; begin: number; end: number }[] = [];
  const layouts = new Map<string, { dtype: string; shape: readonly number[]; begin: number; end: number }>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      readMetadata(entry, `${parameter}.${METADATA_KEY}`, metadata);
      continue;
    }
    const layout = readEntry(entry, tensorLabel(parameter, name), buffer.length);
    layouts.set(name, layout);
    ranges.push({ name, begin: layout.begin, end: layout.end });
  }
  checkTiling(ranges, buffer.length, parameter);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const [name, { dtype, shape, begin, end }] of layouts) {
    tensors.set(name, Object.freeze({ dtype, shape, bytes: buffer.subarray(begin, end) }));
  }
  return { metadata, tensors };
}

/**
 * The label naming one tensor of a file in errors: `parameter["name"]`, the name cut to a bounded length.
 *
 * @param parameter - The file's parameter name.
 * @param name - The tensor name (untrusted, any length).
 * @returns E.g. `source["layers.0.weight"]`.
 */
export function tensorLabel(parameter: string, name: string): string {
  return `${parameter}[${JSON.stringify(clip(name))}]`;
}

function clip(text: string): string {
  return text.length <= ECHO_LIMIT ? text : `${text.slice(0, ECHO_LIMIT)}…`;
}

/** A header value as it may be echoed in an error: strings clipped, anything else described by type. */
function echo(value: unknown): unknown {
  return typeof value === 'string' ? clip(value) : value;
}

function parseHeader(headerBytes: Uint8Array, parameter: string): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new InvalidArgumentError(parameter, 'a UTF-8 header', 'bytes that are not UTF-8');
  }
  if (!text.startsWith('{')) {
    throw new InvalidArgumentError(parameter, 'a JSON header starting with "{"', clip(text));
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? clip(error.message) : 'unreadable';
    throw new InvalidArgumentError(parameter, 'a JSON object header', `invalid JSON (${reason})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new InvalidArgumentError(parameter, 'a JSON object header', Array.isArray(header) ? 'an array' : header);
  }
  return header as Record<string, unknown>;
}

function readMetadata(entry: unknown, label: string, into: Map<string, string>): void {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new InvalidArgumentError(label, 'an object of strings', Array.isArray(entry) ? 'an array' : echo(entry));
  }
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value !== 'string') {
      throw new InvalidArgumentError(`${label}[${JSON.stringify(clip(key))}]`, 'a string', value);
    }
    into.set(key, value);
  }
}

function readEntry(
  entry: unknown,
  label: string,
  bufferLength: number,
): { dtype: string; shape: readonly number[]; begin: number; end: number } {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new InvalidArgumentError(label, 'an object { dtype, shape, data_offsets }', echo(entry));
  }
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (typeof dtype !== 'string' || !Object.hasOwn(SAFETENSORS_DTYPE_SIZES, dtype)) {
    throw new InvalidArgumentError(
      `${label}.dtype`,
      `one of ${Object.keys(SAFETENSORS_DTYPE_SIZES).join(', ')}`,
      echo(dtype),
    );
  }
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    throw new InvalidArgumentError(`${label}.shape`, 'an array of non-negative integers', echo(shape));
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    throw new InvalidArgumentError(`${label}.data_offsets`, '[begin, end], non-negative integers', echo(offsets));
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > bufferLength) {
    throw new InvalidArgumentError(
      `${label}.data_offsets`,
      `begin ≤ end ≤ ${bufferLength} (the data buffer's length)`,
      offsets,
    );
  }
  const elementBytes = SAFETENSORS_DTYPE_SIZES[dtype] as number;
  if (elementCount(shape, bufferLength) * elementBytes !== end - begin) {
    throw new InvalidArgumentError(
      `${label}.data_offsets`,
      `a range of ${elementBytes} bytes × the product of shape ${shapeText(shape)} (${dtype})`,
      `${end - begin} bytes`,
    );
  }
  return { dtype, shape: Object.freeze([...shape]), begin, end };
}

function isIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/**
 * Π shape, exactly, or `bound + 1` as soon as the product exceeds `bound` (so no huge product is ever formed:
 * every partial product stays ≤ bound < 2⁵³).
 */
function elementCount(shape: readonly number[], bound: number): number {
  if (shape.includes(0)) return 0;
  let count = 1;
  for (const dim of shape) {
    count *= dim;
    if (count > bound) return bound + 1;
  }
  return count;
}

function shapeText(shape: readonly number[]): string {
  return shape.length <= 8 ? `[${shape.join(', ')}]` : `(rank ${shape.length})`;
}

/** Checks that the tensors' ranges tile [0, bufferLength) exactly: no gap, no overlap, nothing left over. */
function checkTiling(
  ranges: { name: string; begin: number; end: number }[],
  bufferLength: number,
  parameter: string,
): void {
  ranges.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const { name, begin, end } of ranges) {
    if (begin !== covered) {
      throw new InvalidArgumentError(
        `${tensorLabel(parameter, name)}.data_offsets`,
        `to begin at byte ${covered}, where the previous tensor ends (no gaps, no overlaps)`,
        [begin, end],
      );
    }
    covered = end;
  }
  if (covered !== bufferLength) {
    throw new InvalidArgumentError(
      parameter,
      `tensors that cover the whole data buffer (${bufferLength} bytes)`,
      `${covered} bytes covered`,
    );
  }
}
