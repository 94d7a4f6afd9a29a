import { InvalidArgumentError, ShapeError } from '@gen/core';
import { expectInvalidArgument } from '@gen/core/testing';
import { describe, expect, it } from 'vitest';
import { parseIdx } from '../../src/data/index.js';

describe('parseIdx', () => {
  it('reads the header and data, and refuses bad files', () => {
    const file = Uint8Array.of(0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6);
    const { shape, values } = parseIdx(file, 'x');
    expect([shape, Array.from(values)]).toEqual([
      [2, 3],
      [1, 2, 3, 4, 5, 6],
    ]);
    expectInvalidArgument(() => parseIdx(file.subarray(0, 17), 'x'), InvalidArgumentError, 'bytes');
    expectInvalidArgument(() => parseIdx(file.subarray(0, 9), 'x'), InvalidArgumentError, 'bytes');
    expectInvalidArgument(
      () => parseIdx(Uint8Array.of(0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0), 'x'),
      InvalidArgumentError,
      'bytes',
    );
    expectInvalidArgument(() => parseIdx(Uint8Array.of(0, 0, 8, 0), 'x'), ShapeError, 'bytes');
    expectInvalidArgument(() => parseIdx(Uint8Array.of(1, 0, 8, 1, 0, 0, 0, 1, 7), 'x'), InvalidArgumentError, 'bytes');
    // 2³² · 2³² · … claimed over no data: refused by the length check.
    expectInvalidArgument(
      () => parseIdx(Uint8Array.of(0, 0, 8, 2, 255, 255, 255, 255, 255, 255, 255, 255), 'x'),
      InvalidArgumentError,
      'bytes',
    );
  });
});
