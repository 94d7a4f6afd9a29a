import { InvalidArgumentError } from '@gen/core';
import { expectInvalidArgument } from '@gen/core/testing';
import { describe, expect, it } from 'vitest';
import {
  decodeFloat32,
  readSafetensors,
  SAFETENSORS_MAX_HEADER_BYTES,
  writeSafetensors,
} from '../../src/io/safetensors/index.js';

/** A safetensors file from a header (object or raw text) and a data buffer; `length` overrides the length field. */
function file(header: unknown, buffer: Uint8Array = new Uint8Array(0), length?: bigint): Uint8Array {
  const text =
    header instanceof Uint8Array
      ? header
      : new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const bytes = new Uint8Array(8 + text.length + buffer.length);
  new DataView(bytes.buffer).setBigUint64(0, length ?? BigInt(text.length), true);
  bytes.set(text, 8);
  bytes.set(buffer, 8 + text.length);
  return bytes;
}

/** Little-endian bytes of 16-bit patterns. */
function halves(bits: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(2 * bits.length);
  const view = new DataView(bytes.buffer);
  for (const [i, b] of bits.entries()) view.setUint16(2 * i, b, true);
  return bytes;
}

describe('writeSafetensors / readSafetensors', () => {
  it('round-trips float32 tensors and metadata exactly, with the layout the format prescribes', () => {
    const a = new Float32Array([1.5, -2.25, 3e-8, 65504.5, -0, Math.fround(Math.PI)]);
    const b = new Float32Array([7]);
    const bytes = writeSafetensors(
      [
        { name: 'layers.0.weight', shape: [2, 3], values: a },
        { name: 'b', shape: [], values: b },
        { name: 'empty', shape: [0, 4], values: new Float32Array(0) },
      ],
      { gen: '{"kind":"mlp"}', note: 'ünïcode' },
    );
    const view = new DataView(bytes.buffer);
    const headerLength = Number(view.getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    expect(bytes.length).toBe(8 + headerLength + 4 * 7);
    expect(view.getFloat32(8 + headerLength, true)).toBe(1.5);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header['layers.0.weight']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header.b).toEqual({ dtype: 'F32', shape: [], data_offsets: [24, 28] });
    expect(header.empty).toEqual({ dtype: 'F32', shape: [0, 4], data_offsets: [28, 28] });

    const { metadata, tensors } = readSafetensors(bytes, 'file');
    expect([...metadata]).toEqual([
      ['gen', '{"kind":"mlp"}'],
      ['note', 'ünïcode'],
    ]);
    expect([...tensors.keys()]).toEqual(['layers.0.weight', 'b', 'empty']);
    const weight = tensors.get('layers.0.weight');
    expect(weight?.shape).toEqual([2, 3]);
    expect(Array.from(decodeFloat32('F32', weight?.bytes as Uint8Array, 'w'))).toEqual(Array.from(a));
    expect(Array.from(decodeFloat32('F32', tensors.get('b')?.bytes as Uint8Array, 'b'))).toEqual([7]);
    expect(tensors.get('empty')?.bytes.length).toBe(0);
  });

  it('accepts a header padded with spaces, tensors listed in any order, and no metadata', () => {
    const buffer = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
    const bytes = file(
      '{"second":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},"first":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}    ',
      buffer,
    );
    const { metadata, tensors } = readSafetensors(bytes, 'file');
    expect(metadata.size).toBe(0);
    expect(Array.from(decodeFloat32('F32', tensors.get('second')?.bytes as Uint8Array, 's'))).toEqual([2, 3]);
    expect(Array.from(decodeFloat32('F32', tensors.get('first')?.bytes as Uint8Array, 'f'))).toEqual([1]);
  });

  it('refuses a duplicate or reserved name and a shape that does not match the values', () => {
    const values = new Float32Array(2);
    expectInvalidArgument(
      () =>
        writeSafetensors(
          [
            { name: 'w', shape: [2], values },
            { name: 'w', shape: [2], values },
          ],
          {},
        ),
      InvalidArgumentError,
      'tensors[1].name',
    );
    expectInvalidArgument(
      () => writeSafetensors([{ name: '__metadata__', shape: [2], values }], {}),
      InvalidArgumentError,
      'tensors[0].name',
    );
    expectInvalidArgument(
      () => writeSafetensors([{ name: 'w', shape: [3], values }], {}),
      InvalidArgumentError,
      'tensors[0].shape',
    );
  });
});

describe('decodeFloat32', () => {
  it('converts F16 bit patterns exactly (normals, subnormals, signed zero, the largest finite)', () => {
    const values = decodeFloat32('F16', halves([0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x3555, 0x0400]), 'w');
    expect(Array.from(values)).toEqual([1, -2, 65504, 2 ** -24, -0, 0.333251953125, 2 ** -14]);
  });

  it('converts BF16 as the upper half of a float32, and rounds F64 to the nearest float32', () => {
    expect(Array.from(decodeFloat32('BF16', halves([0x3f80, 0xc040, 0x4049, 0x0001]), 'w'))).toEqual([
      1,
      -3,
      3.140625,
      2 ** -133,
    ]);
    const f64 = new Uint8Array(new Float64Array([0.1, -1e-40, 3.4e38]).buffer);
    expect(Array.from(decodeFloat32('F64', f64, 'w'))).toEqual([
      Math.fround(0.1),
      Math.fround(-1e-40),
      Math.fround(3.4e38),
    ]);
  });

  it('reads unaligned bytes', () => {
    const bytes = new Uint8Array(5);
    new DataView(bytes.buffer).setFloat32(1, 2.5, true);
    expect(Array.from(decodeFloat32('F32', bytes.subarray(1), 'w'))).toEqual([2.5]);
  });

  it('refuses integer dtypes, ragged byte counts and values that are not finite in float32', () => {
    expectInvalidArgument(() => decodeFloat32('I32', new Uint8Array(4), 'w'), InvalidArgumentError, 'w');
    expectInvalidArgument(() => decodeFloat32('F32', new Uint8Array(6), 'w'), InvalidArgumentError, 'w');
    expectInvalidArgument(() => decodeFloat32('F16', halves([0x7c00]), 'w'), InvalidArgumentError, 'w');
    expectInvalidArgument(() => decodeFloat32('BF16', halves([0x7fc0]), 'w'), InvalidArgumentError, 'w');
    const tooLarge = new Uint8Array(new Float64Array([1e39]).buffer);
    expectInvalidArgument(() => decodeFloat32('F64', tooLarge, 'w'), InvalidArgumentError, 'w');
  });
});

describe('readSafetensors refuses malformed files with a typed error naming the part', () => {
  const four = new Uint8Array(4);
  const tensor = (entry: Record<string, unknown>) => ({ dtype: 'F32', shape: [1], data_offsets: [0, 4], ...entry });
  const cases: [string, () => Uint8Array, string][] = [
    ['fewer than 8 bytes', () => new Uint8Array(7), 'file'],
    ['a header length above 100 MB', () => file({}, four, BigInt(SAFETENSORS_MAX_HEADER_BYTES + 1)), 'file'],
    ['a header length of 2⁶⁴ − 1', () => file({}, four, 2n ** 64n - 1n), 'file'],
    ['a header length past the end of the file', () => file({}, four, 1000n), 'file'],
    ['a header that is not UTF-8', () => file(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]), four), 'file'],
    ['a header that does not start with "{"', () => file(' {}'), 'file'],
    ['a JSON array header', () => file('[]'), 'file'],
    ['invalid JSON', () => file('{"w": '), 'file'],
    ['deeply nested JSON', () => file(`{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`), 'file["a"]'],
    ['metadata that is not an object', () => file({ __metadata__: 'x' }), 'file.__metadata__'],
    ['a metadata value that is not a string', () => file({ __metadata__: { a: 1 } }), 'file.__metadata__["a"]'],
    ['an entry that is not an object', () => file({ w: 'F32' }), 'file["w"]'],
    ['an unknown dtype', () => file({ w: tensor({ dtype: 'F128' }) }, four), 'file["w"].dtype'],
    ['a missing dtype', () => file({ w: { shape: [1], data_offsets: [0, 4] } }, four), 'file["w"].dtype'],
    ['a negative dimension', () => file({ w: tensor({ shape: [-1] }) }, four), 'file["w"].shape'],
    ['a fractional dimension', () => file({ w: tensor({ shape: [0.5] }) }, four), 'file["w"].shape'],
    ['a dimension above 2⁵³', () => file({ w: tensor({ shape: [2 ** 60] }) }, four), 'file["w"].shape'],
    ['three offsets', () => file({ w: tensor({ data_offsets: [0, 4, 4] }) }, four), 'file["w"].data_offsets'],
    ['string offsets', () => file({ w: tensor({ data_offsets: ['0', '4'] }) }, four), 'file["w"].data_offsets'],
    ['begin after end', () => file({ w: tensor({ data_offsets: [4, 0] }) }, four), 'file["w"].data_offsets'],
    ['an end past the buffer', () => file({ w: tensor({ data_offsets: [0, 8] }) }, four), 'file["w"].data_offsets'],
    [
      'a byte length that is not the shape times the dtype size',
      () => file({ w: tensor({ dtype: 'F64' }) }, four),
      'file["w"].data_offsets',
    ],
    [
      'a shape whose product overflows',
      () => file({ w: tensor({ shape: [2 ** 52, 2 ** 52, 2 ** 52] }) }, four),
      'file["w"].data_offsets',
    ],
    [
      'a gap between tensors',
      () => file({ a: tensor({}), b: tensor({ data_offsets: [8, 12] }) }, new Uint8Array(12)),
      'file["b"].data_offsets',
    ],
    [
      'overlapping tensors',
      () =>
        file(
          { a: tensor({ shape: [2], data_offsets: [0, 8] }), b: tensor({ data_offsets: [4, 8] }) },
          new Uint8Array(8),
        ),
      'file["b"].data_offsets',
    ],
    [
      'a first tensor that does not start at 0',
      () => file({ w: tensor({ data_offsets: [4, 8] }) }, new Uint8Array(8)),
      'file["w"].data_offsets',
    ],
    ['bytes after the last tensor', () => file({ w: tensor({}) }, new Uint8Array(8)), 'file'],
    ['a buffer with no tensors', () => file({}, four), 'file'],
  ];
  it.each(cases)('%s', (_, bytes, parameter) => {
    expectInvalidArgument(() => readSafetensors(bytes(), 'file'), InvalidArgumentError, parameter);
  });

  it('echoes at most a bounded part of a long name or value', () => {
    const name = 'n'.repeat(100_000);
    let message = '';
    try {
      readSafetensors(file({ [name]: tensor({ dtype: 'x'.repeat(100_000) }) }, four), 'file');
    } catch (error) {
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      message = (error as Error).message;
    }
    expect(message.length).toBeGreaterThan(0);
    expect(message.length).toBeLessThan(600);
  });

  it('takes a "__proto__" tensor name as a plain name', () => {
    const { tensors } = readSafetensors(
      file('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', four),
      'f',
    );
    expect([...tensors.keys()]).toEqual(['__proto__']);
  });
});
