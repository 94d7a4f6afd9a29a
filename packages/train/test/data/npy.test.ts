import { InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import { expectInvalidArgument } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseNpy, toNpy } from '../../src/data/index.js';
import { FLOAT32_ROWS, FLOAT64_ROWS } from '../fixtures/awkward-floats.js';
import { bits } from '../support/float-bits.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('NPY', () => {
  // np.save(np.array([[1.5, -2], [0.1, 3e-8], [-0., 65504]], dtype='<f4')) with NumPy 2.4.
  const NUMPY_F4 =
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwM3MzD1Z2QAzAAAAgADgf0c=';
  // np.lib.format.write_array(f, np.array([[np.pi, -1/3, 1e-300]]), version=(2, 0)).
  const NUMPY_F8_V2 =
    'k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMSwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoYLURU+yEJQFVVVVVVVdW/WfP4wh9upQE=';
  const decode = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

  it('writes the same bytes as NumPy and reads NumPy files (v1 float32, v2 float64)', () => {
    const x = tf.tensor2d([
      [1.5, -2],
      [0.1, 3e-8],
      [-0, 65504],
    ]);
    expect(toNpy(x)).toEqual(decode(NUMPY_F4));
    const back = parseNpy(decode(NUMPY_F4)).toTensor();
    expect(bits(back)).toEqual(bits(x));
    const v2 = parseNpy(decode(NUMPY_F8_V2).buffer as ArrayBuffer);
    expect([v2.size, v2.dim]).toEqual([1, 3]);
    expect(Array.from(v2.values)).toEqual([Math.PI, -1 / 3, 1e-300]);
    tf.dispose([x, back]);
  });

  it('round-trips float32 tensors and float64 rows bit for bit, data aligned to 64 bytes', () => {
    const x = tf.tensor2d(FLOAT32_ROWS);
    const bytes = toNpy(x);
    expect((10 + (bytes[8] as number) + 256 * (bytes[9] as number)) % 64).toBe(0);
    const back = parseNpy(bytes).toTensor();
    expect(bits(back)).toEqual(bits(x));
    const rows = parseNpy(toNpy(FLOAT64_ROWS));
    expect(Array.from(rows.values)).toEqual(FLOAT64_ROWS.flat());
    tf.dispose([x, back]);
  });

  it('rejects other versions, dtypes, orders, shapes, truncated data and non-finite values', () => {
    const good = toNpy([
      [1, 2],
      [3, 4],
    ]);
    const withHeader = (edit: (header: string) => string): Uint8Array => {
      const headerLength = (good[8] as number) + 256 * (good[9] as number);
      const header = edit(String.fromCharCode(...good.subarray(10, 10 + headerLength)));
      const out = new Uint8Array(good.length);
      out.set(good);
      for (let i = 0; i < headerLength; i += 1) out[10 + i] = i < header.length ? header.charCodeAt(i) : 0x20;
      return out;
    };
    const version3 = good.slice();
    version3[6] = 3;
    const nan = good.slice();
    new DataView(nan.buffer).setFloat64(nan.length - 8, Number.NaN, true);
    const cases: [Uint8Array, typeof InvalidArgumentError, RegExp][] = [
      [new TextEncoder().encode('x,y\n1,2\n'), InvalidArgumentError, /NPY file/],
      [version3, InvalidArgumentError, /version 1\.0 or 2\.0, received "version 3\.0"/],
      [withHeader((h) => h.replace('<f8', '>f8')), InvalidArgumentError, /little-endian/],
      [withHeader((h) => h.replace('<f8', '<i8')), InvalidArgumentError, /'<f4' or '<f8'/],
      [withHeader((h) => h.replace('False', 'True ')), InvalidArgumentError, /fortran_order True/],
      [withHeader((h) => h.replace('(2, 2)', '(4,)  ')), ShapeError, /2-D/],
      [withHeader((h) => h.replace('(2, 2)', '(2, 3)')), InvalidArgumentError, /48 data bytes/],
      [nan, InvalidArgumentError, /Entry \(1, 1\)/],
    ];
    for (const [bytes, kind, message] of cases) {
      expectInvalidArgument(() => parseNpy(bytes), kind, 'buffer');
      expect(() => parseNpy(bytes)).toThrow(message);
    }
    expectInvalidArgument(() => parseNpy('npy' as unknown as Uint8Array), InvalidArgumentError, 'buffer');
  });
});
