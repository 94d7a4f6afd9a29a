import { InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import { expectInvalidArgument } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../src/data/index.js';
import { FLOAT32_ROWS, FLOAT64_ROWS } from '../fixtures/awkward-floats.js';
import { bits } from '../support/float-bits.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('CSV', () => {
  it('round-trips a float32 tensor bit for bit, with the shortest decimals', () => {
    const x = tf.tensor2d(FLOAT32_ROWS);
    const text = toCsv(x, { columns: ['a', 'b', 'c'] });
    expect(text.split('\n')[1]).toBe('0.1,-0,1e-45');
    const data = parseCsv(text);
    expect(data.columns).toEqual(['a', 'b', 'c']);
    const back = data.toTensor();
    expect(bits(back)).toEqual(bits(x));
    tf.dispose([x, back]);
  });

  it('round-trips float64 rows exactly, without a header', () => {
    const data = parseCsv(toCsv(FLOAT64_ROWS));
    expect(data.columns).toBeUndefined();
    expect(Array.from(data.values)).toEqual(FLOAT64_ROWS.flat());
    expect(Object.is(data.values[3], -0)).toBe(true);
  });

  it('reads CRLF, blank lines, quoted headers and padded fields', () => {
    const data = parseCsv('"x", "y"\r\n\r\n 1.5 , -2 \r\n.5,3e-1\r\n\r\n', { name: 'points.csv' });
    expect(data.columns).toEqual(['x', 'y']);
    expect(Array.from(data.values)).toEqual([1.5, -2, 0.5, 0.3]);
    expect(data.name).toBe('points.csv');
  });

  it('reports malformed content with its line and column', () => {
    const cases: [string, RegExp][] = [
      ['x,y\n1,2\n3,abc\n', /received "abc"\. Line 3, column 2 of csv/],
      ['1,2\n3\n', /expected 2 fields on every line \(as on line 1\), received 1\. Line 2 of csv/],
      ['1,2\n\n3,NaN\n', /Line 3, column 2/],
      ['1,,2\n', /received ""\. Line 1, column 2/],
      ['1,1e999\n', /Line 1, column 2/],
      ['x,y\n', /No data rows/],
      ['', /No data rows/],
    ];
    for (const [text, message] of cases) {
      expectInvalidArgument(() => parseCsv(text), InvalidArgumentError, 'text');
      expect(() => parseCsv(text)).toThrow(message);
    }
    expectInvalidArgument(() => toCsv([[1, 2]], { columns: ['a', 'b,c'] }), InvalidArgumentError, 'options.columns');
    expectInvalidArgument(() => toCsv([[1, 2]], { columns: ['a', '2'] }), InvalidArgumentError, 'options.columns');
    expectInvalidArgument(() => toCsv([[1], [2, 3]]), ShapeError, 'rows[1]');
  });
});
