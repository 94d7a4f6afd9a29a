import { inflateSync } from 'node:zlib';
import { InvalidArgumentError } from '@gen/core';
import { requireMemory } from '@gen/core/internal';
import { concatBytes } from '../io/concat-bytes.js';
import { crc32, PNG_COLOR_TYPES, type PngFilter, predictByte } from '../plot/png.js';

/** A decoded 8-bit image. */
export interface DecodedImage {
  /** Pixels across. */
  readonly width: number;
  /** Pixels down. */
  readonly height: number;
  /** Bytes per pixel: 1 grey, 3 RGB, 4 RGBA. */
  readonly channels: 1 | 3 | 4;
  /** The pixels, row by row from the top, `channels` bytes each; owned by the caller. */
  readonly pixels: Uint8Array;
}

/** Options of {@link decodePng}. */
export interface DecodePngOptions {
  /** The file's name, for error messages (default `"png"`). */
  name?: string;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS_OF_TYPE: Readonly<Record<number, 1 | 3 | 4>> = Object.fromEntries(
  Object.entries(PNG_COLOR_TYPES).map(([channels, type]) => [type, Number(channels) as 1 | 3 | 4]),
);

/**
 * Decodes a PNG file of 8-bit grey, RGB or RGBA pixels without interlacing (what image tools write for data sets),
 * undoing all five row filters; the compressed data is inflated with Node's zlib (Node only).
 *
 * @remarks
 * Work is bounded by the file: every chunk's length is checked against the bytes left and its CRC verified before it
 * is used; the image size must pass core's memory limit (`requireMemory`) before anything is inflated, and
 * inflation stops at the exact size the header implies. Ancillary chunks (lower-case first letter: text, gamma, …)
 * are skipped; palette images, grey + alpha, other bit depths and interlaced images are refused.
 *
 * @param bytes - The file's bytes.
 * @param options - The file's name, for messages.
 * @returns The image.
 * @throws `InvalidArgumentError` naming `bytes` (with the file's name) for a missing signature, a truncated file,
 *   a bad CRC, a missing or malformed IHDR, an unsupported colour type, bit depth or interlace, an unknown critical
 *   chunk, no IDAT or IEND, corrupt compressed data or the wrong amount of it, or an unknown row filter;
 *   `ResourceLimitError` naming `bytes` when the image would exceed the memory limit.
 * @example
 * ```ts
 * const { width, height, channels, pixels } = decodePng(await readFile('digit.png'));
 * ```
 * @see The PNG specification, ISO/IEC 15948:2003.
 */
export function decodePng(bytes: Uint8Array, options: DecodePngOptions = {}): DecodedImage {
  const { name = 'png' } = options;
  const fail = (expected: string, received: unknown): never => {
    throw new InvalidArgumentError('bytes', expected, received, `In ${name}.`);
  };
  if (!(bytes instanceof Uint8Array)) fail('the bytes of a PNG file (a Uint8Array)', bytes);
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) fail('a PNG file (its 8-byte signature)', bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: { width: number; height: number; channels: 1 | 3 | 4 } | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  for (let at = 8; !ended; ) {
    if (at + 12 > bytes.length) fail('a complete chunk (the file is truncated; no IEND)', `${bytes.length} bytes`);
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (length > bytes.length - at - 12) {
      fail(`a ${type.replace(/[^ -~]/g, '?')} chunk within the file (it is truncated)`, `${length} bytes declared`);
    }
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (view.getUint32(at + 8 + length) !== crc32(bytes.subarray(at + 4, at + 8 + length))) {
      fail(`a correct CRC on chunk ${type.replace(/[^ -~]/g, '?')}`, 'a mismatch (the file is corrupt)');
    }
    if (header === undefined && type !== 'IHDR') fail('IHDR as the first chunk', type);
    if (type === 'IHDR') header = readHeader(data, header !== undefined, fail);
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    else if (!/^[a-z]/.test(type)) fail('only the critical chunks IHDR, IDAT and IEND (no palette)', type);
    at += 12 + length;
  }
  const { width, height, channels } = header as { width: number; height: number; channels: 1 | 3 | 4 };
  if (idat.length === 0) fail('at least one IDAT chunk', 'none');
  const stride = width * channels;
  const rawSize = height * (1 + stride);
  requireMemory('bytes', name, rawSize + height * stride, `${width}×${height}×${channels} decoded PNG`);
  let raw: Uint8Array;
  try {
    raw = inflateSync(concatBytes(idat), { maxOutputLength: rawSize });
  } catch {
    return fail(`zlib data inflating to ${rawSize} bytes`, 'corrupt or longer data');
  }
  if (raw.length !== rawSize) fail(`${rawSize} bytes of image data for ${width}×${height}`, `${raw.length} bytes`);
  return { width, height, channels, pixels: unfilter(raw, height, stride, channels, fail) };
}

/** The fields of IHDR gen uses, after checking the others. */
function readHeader(
  data: Uint8Array,
  repeated: boolean,
  fail: (expected: string, received: unknown) => never,
): { width: number; height: number; channels: 1 | 3 | 4 } {
  if (repeated) fail('one IHDR chunk', 'two');
  if (data.length !== 13) fail('an IHDR chunk of 13 bytes', `${data.length} bytes`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const [width, height] = [view.getUint32(0), view.getUint32(4)];
  const [depth, colorType, compression, filter, interlace] = data.subarray(8, 13);
  if (width < 1 || height < 1 || width > 2 ** 31 - 1 || height > 2 ** 31 - 1) {
    fail('width and height in [1, 2³¹ − 1]', `${width}×${height}`);
  }
  if (depth !== 8) fail('bit depth 8', depth);
  const channels = CHANNELS_OF_TYPE[colorType as number];
  if (channels === undefined) fail('colour type 0 (grey), 2 (RGB) or 6 (RGBA)', colorType);
  if (compression !== 0 || filter !== 0) fail('compression method 0 and filter method 0', [compression, filter]);
  if (interlace !== 0) fail('no interlace (interlace method 0)', interlace);
  return { width, height, channels: channels as 1 | 3 | 4 };
}

/** Undoes the row filters: the pixels, row by row. */
function unfilter(
  raw: Uint8Array,
  height: number,
  stride: number,
  channels: number,
  fail: (expected: string, received: unknown) => never,
): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (1 + stride)] as number;
    if (filter > 4) fail('row filter types 0–4', `${filter} on row ${y}`);
    const row = y * stride;
    for (let i = 0; i < stride; i += 1) {
      const a = i >= channels ? (out[row + i - channels] as number) : 0;
      const b = y > 0 ? (out[row + i - stride] as number) : 0;
      const c = y > 0 && i >= channels ? (out[row + i - stride - channels] as number) : 0;
      out[row + i] = ((raw[y * (1 + stride) + 1 + i] as number) + predictByte(filter as PngFilter, a, b, c)) & 0xff;
    }
  }
  return out;
}
