import { deflateSync, inflateSync } from 'node:zlib';
import { InvalidArgumentError, ResourceLimitError, Rng } from '@gen/core';
import { expectInvalidArgument } from '@gen/core/testing';
import { describe, expect, it } from 'vitest';
import { decodePng } from '../../src/data/png-decode.js';
import { encodePng, type PngFilter } from '../../src/node.js';
import { crc32, paeth, predictByte } from '../../src/plot/png.js';
import { pngChunks } from '../fixtures/png.js';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** A chunk with its length and a correct CRC. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i += 1) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function png(...chunks: Uint8Array[]): Uint8Array {
  return Buffer.concat([SIGNATURE, ...chunks]);
}

function ihdr(width: number, height: number, colorType = 0, depth = 8, interlace = 0): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data.set([depth, colorType, 0, 0, interlace], 8);
  return chunk('IHDR', data);
}

const IEND = chunk('IEND', new Uint8Array(0));

/** Seeded random bytes with some smooth regions, so every predictor gets non-trivial neighbours. */
function randomImage(width: number, height: number, channels: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({ length: width * height * channels }, (_, i) =>
    i % 7 < 3 ? rng.integer(256) : (i * 37) % 256,
  );
}

describe('decodePng', () => {
  const cases = [1, 3, 4].flatMap((channels) => [0, 1, 2, 3, 4].map((filter) => [channels, filter] as const));
  it.each(cases)('reads back what encodePng writes: %i channels, filter %i', (channels, filter) => {
    const [width, height] = [7, 5];
    const pixels = randomImage(width, height, channels, 10 * channels + filter);
    const file = encodePng(pixels, width, height, { channels: channels as 1 | 3 | 4, filter: filter as PngFilter });
    // The encoder really used that filter and colour type (so the decoder's inverse of it is exercised).
    const parts = pngChunks(file);
    expect(parts[0]?.data[9]).toBe({ 1: 0, 3: 2, 4: 6 }[channels]);
    const raw = inflateSync(parts.find((p) => p.type === 'IDAT')?.data as Uint8Array);
    for (let y = 0; y < height; y += 1) expect(raw[y * (1 + width * channels)]).toBe(filter);
    const image = decodePng(file);
    expect([image.width, image.height, image.channels]).toEqual([width, height, channels]);
    expect(Array.from(image.pixels)).toEqual(Array.from(pixels));
  });

  it('the predictors follow the specification (Paeth ties prefer left, then up)', () => {
    expect(paeth(10, 20, 10)).toBe(20); // p = 20: |p − b| = 0
    expect(paeth(20, 10, 10)).toBe(20); // p = 20: |p − a| = 0
    expect(paeth(7, 3, 1)).toBe(7); // p = 9: pa = 2, pb = 6, pc = 8 → a
    expect(paeth(100, 50, 200)).toBe(50); // p = −50: pa = 150, pb = 100, pc = 250
    expect(paeth(0, 10, 5)).toBe(5); // p = 5: pa = 5, pb = 5, pc = 0 → c
    expect([0, 1, 2, 3, 4].map((f) => predictByte(f as PngFilter, 10, 21, 3))).toEqual([0, 10, 21, 15, 21]);
  });

  it('skips ancillary chunks and joins several IDAT chunks', () => {
    const raw = Uint8Array.of(0, 1, 2, 3, 1, 4, 4, 4); // 3×2 grey: row 0 none, row 1 sub
    const z = deflateSync(raw);
    const file = png(
      ihdr(3, 2),
      chunk('tEXt', new TextEncoder().encode('Comment\0made by hand')),
      chunk('IDAT', z.subarray(0, 4)),
      chunk('IDAT', z.subarray(4)),
      IEND,
    );
    expect(Array.from(decodePng(file).pixels)).toEqual([1, 2, 3, 4, 8, 12]);
  });

  describe('refuses hostile files with a typed error naming bytes', () => {
    const good = encodePng(randomImage(6, 4, 3, 1), 6, 4, { channels: 3, filter: 4 });
    const bad = (bytes: Uint8Array) => () => decodePng(bytes, { name: 'x.png' });

    it('a missing signature, and every truncation of a good file', () => {
      expectInvalidArgument(bad(Uint8Array.of(1, 2, 3)), InvalidArgumentError, 'bytes');
      expectInvalidArgument(bad(good.subarray(1)), InvalidArgumentError, 'bytes');
      for (let length = 0; length < good.length; length += 1) {
        expectInvalidArgument(bad(good.subarray(0, length)), InvalidArgumentError, 'bytes');
      }
      expect(bad(good.subarray(0, good.length - 1))).toThrow(/In x\.png\./);
    });

    it('a flipped bit anywhere in a chunk (bad CRC)', () => {
      for (const at of [12, 20, 33, 40, good.length - 20, good.length - 5]) {
        const copy = good.slice();
        copy[at] = (copy[at] as number) ^ 0x10;
        expectInvalidArgument(bad(copy), InvalidArgumentError, 'bytes');
      }
      const copy = good.slice();
      copy[40] = (copy[40] as number) ^ 1;
      expect(bad(copy)).toThrow(/CRC/);
    });

    it('huge dimensions: refused by the memory limit before inflating', () => {
      const huge = png(ihdr(2 ** 31 - 1, 2 ** 31 - 1), chunk('IDAT', deflateSync(new Uint8Array(10))), IEND);
      expectInvalidArgument(bad(huge), ResourceLimitError, 'bytes');
      expectInvalidArgument(bad(png(ihdr(0, 5), IEND)), InvalidArgumentError, 'bytes');
    });

    it('a compression bomb: inflation stops at the size the header implies', () => {
      const bomb = png(ihdr(4, 4), chunk('IDAT', deflateSync(new Uint8Array(50 * 2 ** 20))), IEND);
      expectInvalidArgument(bad(bomb), InvalidArgumentError, 'bytes');
      const short = png(ihdr(4, 4), chunk('IDAT', deflateSync(new Uint8Array(7))), IEND);
      expect(bad(short)).toThrow(/20 bytes of image data/);
      const garbage = png(ihdr(4, 4), chunk('IDAT', Uint8Array.of(1, 2, 3, 4, 5)), IEND);
      expectInvalidArgument(bad(garbage), InvalidArgumentError, 'bytes');
    });

    it('seeded mutations (CRCs fixed up, so the header, inflate and filter paths run) decode or throw typed errors', () => {
      const rng = new Rng(2024);
      const outcomes = { decoded: 0, refused: 0 };
      for (let trial = 0; trial < 300; trial += 1) {
        const parts = pngChunks(good).map((p) => ({ type: p.type, data: p.data.slice() }));
        // Even trials mutate a chunk's bytes; odd ones the inflated image data (filter bytes included), re-deflated.
        const idat = parts.find((p) => p.type === 'IDAT') as { type: string; data: Uint8Array };
        const target = trial % 2 === 0 ? (parts[rng.integer(parts.length - 1)] as typeof idat) : idat;
        if (trial % 2 === 1) target.data = inflateSync(target.data);
        for (let m = 0; m < 1 + rng.integer(3); m += 1) {
          if (target.data.length > 0) target.data[rng.integer(target.data.length)] = rng.integer(256);
        }
        if (trial % 2 === 1) target.data = deflateSync(target.data);
        const file = png(...parts.map((p) => chunk(p.type, p.data)));
        try {
          const image = decodePng(file);
          expect(image.pixels.length).toBe(image.width * image.height * image.channels);
          outcomes.decoded += 1;
        } catch (error) {
          expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
          outcomes.refused += 1;
        }
      }
      expect(outcomes.decoded).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(0);
    });

    it('unsupported formats: palette, grey + alpha, 16 bits, interlace, an unknown filter, no IDAT, IHDR not first', () => {
      const idat = chunk('IDAT', deflateSync(new Uint8Array(2 * (1 + 2))));
      for (const file of [
        png(ihdr(2, 2, 3), chunk('PLTE', Uint8Array.of(0, 0, 0)), idat, IEND),
        png(ihdr(2, 2, 4), idat, IEND),
        png(ihdr(2, 2, 0, 16), idat, IEND),
        png(ihdr(2, 2, 0, 8, 1), idat, IEND),
        png(ihdr(2, 2), chunk('IDAT', deflateSync(Uint8Array.of(0, 1, 2, 5, 1, 2))), IEND),
        png(ihdr(2, 2), IEND),
        png(idat, ihdr(2, 2), IEND),
        png(ihdr(2, 2), ihdr(2, 2), idat, IEND),
        png(ihdr(2, 2), chunk('ABCD', new Uint8Array(0)), idat, IEND),
      ]) {
        expectInvalidArgument(bad(file), InvalidArgumentError, 'bytes');
      }
      expect(bad(png(ihdr(2, 2), chunk('IDAT', deflateSync(Uint8Array.of(0, 1, 2, 5, 1, 2))), IEND))).toThrow(
        /row filter types 0–4/,
      );
    });
  });
});
