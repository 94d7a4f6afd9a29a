/** Cases for unary, binary, select, isFinite and linearCombination. */
import { BINARY_OP, DTYPE_CODE, UNARY_OP } from '../../../src/native/binding.js';
import { EXACT, FLOAT32_EPS, type Tolerance } from '../support/compare.js';
import type { NativeCase } from '../support/native-case.js';
import { bools, integers, SPECIAL_FLOATS, seededRandom, uniform, withSpecials } from '../support/random.js';
import {
  BINARY_REFERENCE,
  binaryTypes,
  contiguousStrides,
  stridedOffsets,
  UNARY_REFERENCE,
} from '../support/reference.js';

/** Ops written as two float32 operations, each rounding once (1/√x, (a − b)², dy·(y + 1)). */
const ROUNDED: Tolerance = { abs: 0, rel: 4 * FLOAT32_EPS };
/** libm functions: glibc's and CUDA's float versions are within 1–4 ulp; 1e-5 relative is about 80 ulp. */
const LIBM: Tolerance = { abs: 1e-6, rel: 1e-5 };

/** Unary ops whose float32 result is the exact result rounded once (or exact), the same in every build. */
const CORRECTLY_ROUNDED = new Set([
  'neg',
  'abs',
  'sqrt',
  'square',
  'relu',
  'reciprocal',
  'sign',
  'floor',
  'ceil',
  'leakyRelu',
  'step',
]);

/** The op's scalar attribute, a power of two so that rounding it to float32 changes nothing. */
const ALPHA: Partial<Record<keyof typeof UNARY_OP, number>> = { leakyRelu: 0.25, step: 0.5 };

function unaryCases(): NativeCase[] {
  const x = withSpecials(uniform(seededRandom(1), 200, -6, 6));
  return (Object.keys(UNARY_OP) as (keyof typeof UNARY_OP)[]).map((op) => {
    const alpha = ALPHA[op] ?? 0;
    // 1/√x rounds twice, but both builds round the same two operations the same way.
    const sameBits = CORRECTLY_ROUNDED.has(op) || op === 'rsqrt';
    return {
      name: `unary ${op} on [-6, 6] and ±0, ±∞, NaN, a subnormal, 3.4e38`,
      run: (s) => {
        const out = s.output(x.length, 4);
        s.binding.unary(UNARY_OP[op], s.input(x), out, x.length, alpha);
        return s.float32(out, x.length);
      },
      expected: Array.from(x, (v) => Math.fround(UNARY_REFERENCE[op](v, alpha))),
      tolerance: op === 'rsqrt' ? ROUNDED : CORRECTLY_ROUNDED.has(op) ? EXACT : LIBM,
      crossTolerance: sameBits ? EXACT : LIBM,
    };
  });
}

/** Operand layouts of the binary cases: the output shape and how a and b are laid out (shape and strides). */
interface BinaryLayout {
  readonly label: string;
  readonly outShape: number[];
  readonly aShape: number[];
  readonly aStrides: number[];
  readonly bShape: number[];
  readonly bStrides: number[];
}

const BINARY_LAYOUTS: readonly BinaryLayout[] = [
  { label: 'same shape [3,19]', outShape: [3, 19], aShape: [57], aStrides: [19, 1], bShape: [57], bStrides: [19, 1] },
  {
    label: 'broadcast [3,1,5] with [4,1] (0-strides)',
    outShape: [3, 4, 5],
    aShape: [3, 1, 5],
    aStrides: [5, 0, 1],
    bShape: [4, 1],
    bStrides: [0, 1, 0],
  },
  {
    label: 'transposed a (stored [5,3]) with a scalar b',
    outShape: [3, 5],
    aShape: [5, 3],
    aStrides: [1, 3],
    bShape: [],
    bStrides: [0, 0],
  },
  { label: 'rank 0', outShape: [], aShape: [], aStrides: [], bShape: [], bStrides: [] },
];

const size = (shape: readonly number[]) => shape.reduce((p, e) => p * e, 1);

/** Inputs for op on a layout: specials on the same-shape layout, ties for comparisons, bools for logical ops. */
function binaryInputs(
  op: keyof typeof BINARY_OP,
  layout: BinaryLayout,
  seed: number,
): [Float32Array | Uint8Array, Float32Array | Uint8Array] {
  const random = seededRandom(seed);
  const [na, nb] = [size(layout.aShape), size(layout.bShape)];
  if (binaryTypes(op).readsBool) return [bools(random, na), bools(random, nb)];
  if (binaryTypes(op).writesBool)
    return [Float32Array.from(integers(random, na, -2, 2)), Float32Array.from(integers(random, nb, -2, 2))];
  const [lo, hi] = op === 'pow' ? [0.1, 3] : [-3, 3];
  if (layout.label.startsWith('same shape')) {
    const a = uniform(random, na - SPECIAL_FLOATS.length, lo, hi);
    const b = uniform(random, nb - SPECIAL_FLOATS.length, lo, hi);
    return [withSpecials(a), Float32Array.from([...b, ...[...SPECIAL_FLOATS].reverse()])];
  }
  return [uniform(random, na, lo, hi), uniform(random, nb, lo, hi)];
}

function binaryCases(): NativeCase[] {
  const cases: NativeCase[] = [];
  for (const op of Object.keys(BINARY_OP) as (keyof typeof BINARY_OP)[]) {
    BINARY_LAYOUTS.forEach((layout, index) => {
      const [a, b] = binaryInputs(op, layout, 100 + index);
      const count = size(layout.outShape);
      const { writesBool } = binaryTypes(op);
      const offsets = stridedOffsets(layout.outShape, [layout.aStrides, layout.bStrides]);
      const exact = !['pow', 'squaredDifference', 'eluGrad'].includes(op);
      cases.push({
        name: `binary ${op}, ${layout.label}`,
        run: (s) => {
          const out = s.output(count, writesBool ? 1 : 4);
          s.binding.binary(
            BINARY_OP[op],
            s.input(a),
            s.input(b),
            out,
            Int32Array.from(layout.outShape),
            Int32Array.from(layout.aStrides),
            Int32Array.from(layout.bStrides),
          );
          return writesBool ? s.uint8(out, count) : s.float32(out, count);
        },
        expected: offsets.map(([ia, ib]) => {
          const value = BINARY_REFERENCE[op](a[ia as number] as number, b[ib as number] as number);
          return writesBool ? value : Math.fround(value);
        }),
        tolerance: exact ? EXACT : op === 'pow' ? LIBM : ROUNDED,
        crossTolerance: op === 'pow' ? LIBM : EXACT,
      });
    });
  }
  cases.push({
    name: 'binary add over an empty shape [3,0,2] writes nothing',
    run: (s) => {
      const out = s.output(4, 1);
      const strides = Int32Array.from(contiguousStrides([3, 0, 2]));
      s.binding.binary(
        BINARY_OP.add,
        s.input(new Float32Array(1)),
        s.input(new Float32Array(1)),
        out,
        Int32Array.from([3, 0, 2]),
        strides,
        strides,
      );
      return s.uint8(out, 4);
    },
    expected: [0xa5, 0xa5, 0xa5, 0xa5],
    tolerance: EXACT,
    crossTolerance: EXACT,
  });
  return cases;
}

function selectCases(): NativeCase[] {
  const random = seededRandom(7);
  const cond = bools(random, 37);
  const inputs = {
    float32: [uniform(random, 37, -1, 1), uniform(random, 37, -1, 1)],
    int32: [integers(random, 37, -1000, 1000), integers(random, 37, -1000, 1000)],
    bool: [bools(random, 37), bools(random, 37)],
  } as const;
  return (Object.keys(inputs) as (keyof typeof inputs)[]).map((dtype) => {
    const [a, b] = inputs[dtype];
    return {
      name: `select ${dtype}`,
      run: (s) => {
        const bytes = dtype === 'bool' ? 1 : 4;
        const out = s.output(37, bytes);
        s.binding.select(s.input(cond), s.input(a), s.input(b), out, 37, DTYPE_CODE[dtype]);
        return dtype === 'float32' ? s.float32(out, 37) : dtype === 'int32' ? s.int32(out, 37) : s.uint8(out, 37);
      },
      expected: Array.from(cond, (c, i) => (c ? a[i] : b[i]) as number),
      tolerance: EXACT,
      crossTolerance: EXACT,
    };
  });
}

function isFiniteCase(): NativeCase {
  const x = withSpecials(uniform(seededRandom(8), 20, -1e30, 1e30));
  return {
    name: 'isFinite on finite values and ±0, ±∞, NaN, a subnormal, 3.4e38',
    run: (s) => {
      const out = s.output(x.length, 1);
      s.binding.isFinite(s.input(x), out, x.length);
      return s.uint8(out, x.length);
    },
    expected: Array.from(x, (v) => Number(Number.isFinite(v))),
    tolerance: EXACT,
    crossTolerance: EXACT,
  };
}

/**
 * base + Σ cⱼ·termⱼ with the coefficients rounded to float32, in float64. The float32 fused multiply-add chain rounds
 * once per term, so it is within (terms + 1)·2⁻²⁴·(|base| + Σ|cⱼ·termⱼ|) of this.
 */
function linearCombinationCase(termCount: number, inPlace: boolean): NativeCase {
  const random = seededRandom(9 + termCount);
  const n = 300;
  const base = uniform(random, n, -1, 1);
  const terms = Array.from({ length: termCount }, () => uniform(random, n, -1, 1));
  const coefficients = Float64Array.from({ length: termCount }, () => (random() - 0.5) * 0.3);
  const expected: number[] = [];
  const bound: number[] = [];
  for (let i = 0; i < n; i++) {
    let sum = base[i] as number;
    let magnitude = Math.abs(sum);
    terms.forEach((term, j) => {
      const product = Math.fround(coefficients[j] as number) * (term[i] as number);
      sum += product;
      magnitude += Math.abs(product);
    });
    expected.push(sum);
    bound.push((termCount + 1) * FLOAT32_EPS * magnitude);
  }
  return {
    name: `linearCombination with ${termCount} terms${inPlace ? ', out = base (in place)' : ''}`,
    run: (s) => {
      const baseId = s.input(base);
      const out = inPlace ? baseId : s.output(n, 4);
      const termIds = Int32Array.from(terms, (term) => s.input(term));
      s.binding.linearCombination(baseId, termIds, coefficients, out, n);
      return s.float32(out, n);
    },
    expected,
    tolerance: { abs: bound, rel: 0 },
    crossTolerance: EXACT,
  };
}

export const ELEMENTWISE_CASES: readonly NativeCase[] = [
  ...unaryCases(),
  ...binaryCases(),
  ...selectCases(),
  isFiniteCase(),
  linearCombinationCase(0, false),
  linearCombinationCase(3, false),
  linearCombinationCase(3, true),
  // More than the 32 terms one launch takes: the addon splits them.
  linearCombinationCase(40, false),
];
