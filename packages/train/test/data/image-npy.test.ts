import { InvalidArgumentError, ShapeError } from '@gen/core';
import { expectInvalidArgument } from '@gen/core/testing';
import { describe, expect, it } from 'vitest';
import { parseImagesNpy, parseNpy } from '../../src/data/index.js';
import { bytesOf, npy } from '../fixtures/npy.js';

describe('parseImagesNpy', () => {
  it('reads uint8 [N, H, W, C] levels and int64 labels', () => {
    const levels = Uint8Array.from({ length: 3 * 2 * 2 * 3 }, (_, k) => (k * 20) % 256);
    const data = parseImagesNpy(npy('|u1', [3, 2, 2, 3], levels), {
      name: 'x.npy',
      labels: npy('<i8', [3], bytesOf(BigInt64Array.of(2n, 0n, 1n))),
    });
    expect([data.name, data.shape, data.size, data.classes]).toEqual(['x.npy', [2, 2, 3], 3, 3]);
    expect(Array.from(data.levels)).toEqual(Array.from(levels));
    expect(Array.from(data.labels ?? [])).toEqual([2, 0, 1]);
  });

  it('reads float [N, H, W] in [0, 1] as one channel, levels 255·v, and uint8 labels with a given K', () => {
    const values = Float32Array.of(0, 0.25, 0.5, 1, 1, 0.5, 0.25, 0);
    const data = parseImagesNpy(npy('<f4', [2, 2, 2], bytesOf(values)), {
      labels: npy('|u1', [2], Uint8Array.of(1, 1)),
      classes: 5,
    });
    expect([data.shape, data.classes]).toEqual([[2, 2, 1], 5]);
    expect(Array.from(data.levels)).toEqual([0, 63.75, 127.5, 255, 255, 127.5, 63.75, 0]);
  });

  it('reads float labels holding whole numbers (float32 and float64), K = the largest + 1', () => {
    const images = npy('|u1', [3, 1, 1, 1], new Uint8Array(3));
    for (const bytes of [bytesOf(Float32Array.of(0, 4, 1)), bytesOf(Float64Array.of(0, 4, 1))]) {
      const descr = bytes.length === 12 ? '<f4' : '<f8';
      const data = parseImagesNpy(images, { labels: npy(descr, [3], bytes) });
      expect([data.classes, Array.from(data.labels ?? [])], descr).toEqual([5, [0, 4, 1]]);
    }
  });

  it('refuses hostile or mismatched files with typed errors naming buffer or options.labels', () => {
    const images = npy('|u1', [2, 2, 2, 1], new Uint8Array(8));
    const labels = (descr: string, shape: number[], data: Uint8Array) => () =>
      parseImagesNpy(images, { labels: npy(descr, shape, data) });
    expectInvalidArgument(() => parseImagesNpy(images.subarray(0, images.length - 1)), InvalidArgumentError, 'buffer');
    expectInvalidArgument(() => parseImagesNpy(images.subarray(0, 30)), InvalidArgumentError, 'buffer');
    expectInvalidArgument(() => parseImagesNpy(new Uint8Array(5)), InvalidArgumentError, 'buffer');
    // A header claiming 10¹² pixels over 8 bytes of data: refused by the length check, nothing allocated.
    expectInvalidArgument(
      () => parseImagesNpy(npy('|u1', [1_000_000, 1000, 1000, 1], new Uint8Array(8))),
      InvalidArgumentError,
      'buffer',
    );
    expectInvalidArgument(() => parseImagesNpy(npy('|u1', [8, 1], new Uint8Array(8))), ShapeError, 'buffer');
    expectInvalidArgument(() => parseImagesNpy(npy('|u1', [0, 2, 2, 1], new Uint8Array(0))), ShapeError, 'buffer');
    expectInvalidArgument(
      () => parseImagesNpy(npy('<i4', [2, 1, 1], new Uint8Array(8))),
      InvalidArgumentError,
      'buffer',
    );
    expectInvalidArgument(
      () => parseImagesNpy(npy('<f4', [2, 1, 1], bytesOf(Float32Array.of(0.5, 255)))),
      InvalidArgumentError,
      'buffer',
    );
    expect(() => parseImagesNpy(npy('<f4', [2, 1, 1], bytesOf(Float32Array.of(0.5, -1))), { name: 'y.npy' })).toThrow(
      /In y\.npy\. Entry 1\./,
    );
    expectInvalidArgument(labels('<i8', [3], new Uint8Array(24)), ShapeError, 'options.labels');
    expectInvalidArgument(labels('<i2', [2], new Uint8Array(4)), InvalidArgumentError, 'options.labels');
    expectInvalidArgument(labels('<f4', [2], bytesOf(Float32Array.of(0, 0.5))), InvalidArgumentError, 'options.labels');
    expectInvalidArgument(
      labels('<f8', [2], bytesOf(Float64Array.of(1, Number.NaN))),
      InvalidArgumentError,
      'options.labels',
    );
    expectInvalidArgument(labels('|u1', [2], Uint8Array.of(0)), InvalidArgumentError, 'options.labels');
    expectInvalidArgument(
      labels('<i8', [2], bytesOf(BigInt64Array.of(0n, 2n ** 60n))),
      InvalidArgumentError,
      'options.labels',
    );
    expectInvalidArgument(labels('<i4', [2], bytesOf(Int32Array.of(0, -3))), InvalidArgumentError, 'options.labels');
  });

  it('leaves parseNpy as it was: 2-D floats only, with its own messages', () => {
    expectInvalidArgument(() => parseNpy(npy('|u1', [2, 2], new Uint8Array(4))), InvalidArgumentError, 'buffer');
    expect(() => parseNpy(npy('|u1', [2, 2], new Uint8Array(4)))).toThrow(/dtype '<f4' or '<f8'.*astype\("<f4"\)/);
    expectInvalidArgument(() => parseNpy(npy('<f4', [1, 2, 1], new Uint8Array(8))), ShapeError, 'buffer');
  });
});
