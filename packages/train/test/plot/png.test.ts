import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/node.js';
import { pngChunks as chunks } from '../fixtures/png.js';

describe('encodePng', () => {
  it('writes a valid RGBA PNG whose pixels inflate back exactly', () => {
    const [w, h] = [3, 2];
    const rgba = Uint8Array.from({ length: w * h * 4 }, (_, i) => (i * 37) % 256);
    const png = encodePng(rgba, w, h);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const header = new DataView((parts[0] as { data: Uint8Array }).data.slice().buffer);
    expect([header.getUint32(0), header.getUint32(4), header.getUint8(8), header.getUint8(9)]).toEqual([3, 2, 8, 6]);
    const raw = inflateSync((parts[1] as { data: Uint8Array }).data);
    for (let y = 0; y < h; y += 1) {
      expect(raw[y * (1 + 4 * w)]).toBe(0);
      expect(Array.from(raw.subarray(y * (1 + 4 * w) + 1, (y + 1) * (1 + 4 * w)))).toEqual(
        Array.from(rgba.subarray(y * 4 * w, (y + 1) * 4 * w)),
      );
    }
  });
});
