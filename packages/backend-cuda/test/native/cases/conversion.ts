/** Cases for fill, cast and oneHot. */
import { DTYPE_CODE } from '../../../src/native/binding.js';
import { EXACT } from '../support/compare.js';
import type { NativeCase } from '../support/native-case.js';
import { convert } from '../support/reference.js';
import type { Session } from '../support/session.js';

type DType = keyof typeof DTYPE_CODE;

const BYTES: Readonly<Record<DType, 1 | 4>> = { float32: 4, int32: 4, bool: 1 };

function read(s: Session, id: number, dtype: DType, count: number): ArrayLike<number> {
  return dtype === 'float32' ? s.float32(id, count) : dtype === 'int32' ? s.int32(id, count) : s.uint8(id, count);
}

function fillCase(dtype: DType, value: number): NativeCase {
  return {
    name: `fill ${dtype} with ${value}`,
    run: (s) => {
      const out = s.output(10, BYTES[dtype]);
      s.binding.fill(out, 10, value, DTYPE_CODE[dtype]);
      return read(s, out, dtype, 10);
    },
    expected: new Array<number>(10).fill(convert(value, DTYPE_CODE[dtype])),
    tolerance: EXACT,
    crossTolerance: EXACT,
  };
}

/** Values that probe every conversion rule: fractions both ways, ±0, NaN, ±∞, beyond int32, beyond float32's 2²⁴. */
const CAST_INPUTS: Readonly<Record<DType, Float32Array | Int32Array | Uint8Array>> = {
  float32: Float32Array.from([
    1.7,
    -1.7,
    0.5,
    0,
    -0,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    3e9,
    -3e9,
    16777217,
    2.5e-40,
  ]),
  int32: Int32Array.from([0, 1, -1, 7, 16777217, 2147483647, -2147483648]),
  bool: Uint8Array.from([0, 1, 1, 0, 1]),
};

function castCase(from: DType, to: DType): NativeCase {
  const x = CAST_INPUTS[from];
  return {
    name: `cast ${from} → ${to}`,
    run: (s) => {
      const out = s.output(x.length, BYTES[to]);
      s.binding.cast(s.input(x), DTYPE_CODE[from], out, DTYPE_CODE[to], x.length);
      return read(s, out, to, x.length);
    },
    expected: Array.from(x, (v) => convert(v, DTYPE_CODE[to])),
    tolerance: EXACT,
    crossTolerance: EXACT,
  };
}

function oneHotCase(indices: readonly number[], depth: number, onValue: number, offValue: number): NativeCase {
  return {
    name: `oneHot of [${indices}] with depth ${depth}, on ${onValue}, off ${offValue}`,
    run: (s) => {
      const out = s.output(indices.length * depth, 4);
      s.binding.oneHot(s.input(Int32Array.from(indices)), out, indices.length, depth, onValue, offValue);
      return s.float32(out, indices.length * depth);
    },
    expected: indices.flatMap((index) => Array.from({ length: depth }, (_, j) => (j === index ? onValue : offValue))),
    tolerance: EXACT,
    crossTolerance: EXACT,
  };
}

const DTYPES = Object.keys(DTYPE_CODE) as DType[];

export const CONVERSION_CASES: readonly NativeCase[] = [
  fillCase('float32', 2.5),
  fillCase('float32', 0.1),
  fillCase('int32', -3.7),
  fillCase('int32', Number.NaN),
  fillCase('int32', 1e10),
  fillCase('bool', 0.5),
  fillCase('bool', 0),
  ...DTYPES.flatMap((from) => DTYPES.map((to) => castCase(from, to))),
  // -1 and 5 lie outside [0, depth): their rows are all offValue.
  oneHotCase([0, 3, -1, 5, 2, 1], 4, 1, 0),
  oneHotCase([0, 1, 0], 1, 0.5, -2),
];
