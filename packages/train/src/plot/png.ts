import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32 of PNG chunks (and zlib's gzip trailer): polynomial 0xEDB88320, table-driven.
 *
 * @param bytes - The bytes (a chunk's type and data).
 * @returns The checksum, an unsigned 32-bit integer.
 * @example
 * ```ts
 * crc32(new TextEncoder().encode('IEND')); // 0xae426082
 * ```
 */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i += 1) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** The PNG colour types gen writes and reads, by channel count: 1 grey, 3 RGB, 4 RGBA (8 bits each). */
export const PNG_COLOR_TYPES: Readonly<Record<1 | 3 | 4, number>> = { 1: 0, 3: 2, 4: 6 };

/** The PNG row filter types: none, sub, up, average, Paeth. */
export type PngFilter = 0 | 1 | 2 | 3 | 4;

/** Options of {@link encodePng}. */
export interface EncodePngOptions {
  /** Bytes per pixel of `pixels`: 1 grey, 3 RGB or 4 RGBA (default 4). */
  channels?: 1 | 3 | 4;
  /** The filter of every row (default 0, none); each gives the same image, with different compression. */
  filter?: PngFilter;
}

/**
 * The Paeth predictor of the PNG specification: whichever of left, up and upper-left is closest to left + up − upper-left.
 *
 * @param a - The byte to the left.
 * @param b - The byte above.
 * @param c - The byte above-left.
 * @returns The prediction.
 * @example
 * ```ts
 * paeth(10, 20, 10); // 20
 * ```
 */
export function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * What a row filter predicts a byte from: the bytes to the left (a), above (b) and above-left (c), 0 off the image.
 *
 * @param filter - The filter type.
 * @param a - The byte to the left.
 * @param b - The byte above.
 * @param c - The byte above-left.
 * @returns The prediction (the encoder stores byte − prediction mod 256; the decoder adds it back).
 * @example
 * ```ts
 * predictByte(3, 10, 21, 0); // 15, the floor of the average
 * ```
 */
export function predictByte(filter: PngFilter, a: number, b: number, c: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    default:
      return paeth(a, b, c);
  }
}

/**
 * Encodes an 8-bit image as a PNG file (grey, RGB or RGBA, no interlace), with Node's zlib for the compression.
 *
 * @param pixels - Pixels, row by row, `channels` bytes each: length width·height·channels.
 * @param width - Image width.
 * @param height - Image height.
 * @param options - Bytes per pixel (default 4, RGBA) and the row filter (default none).
 * @returns The PNG file's bytes.
 * @example
 * ```ts
 * await writeFile('plot.png', encodePng(canvas.pixels, canvas.width, canvas.height));
 * ```
 * @see The PNG specification, ISO/IEC 15948:2003.
 */
export function encodePng(
  pixels: Uint8Array,
  width: number,
  height: number,
  options: EncodePngOptions = {},
): Uint8Array {
  const { channels = 4, filter = 0 } = options;
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, PNG_COLOR_TYPES[channels], 0, 0, 0], 8); // bit depth 8, deflate, adaptive filtering, no interlace
  const stride = channels * width;
  const raw = new Uint8Array(height * (1 + stride));
  for (let y = 0; y < height; y += 1) {
    raw[y * (1 + stride)] = filter;
    for (let i = 0; i < stride; i += 1) {
      const at = y * stride + i;
      const x = pixels[at] as number;
      const a = i >= channels ? (pixels[at - channels] as number) : 0;
      const b = y > 0 ? (pixels[at - stride] as number) : 0;
      const c = y > 0 && i >= channels ? (pixels[at - stride - channels] as number) : 0;
      raw[y * (1 + stride) + 1 + i] = (x - predictByte(filter, a, b, c)) & 0xff;
    }
  }
  const parts = [
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    png.set(p, offset);
    offset += p.length;
  }
  return png;
}
