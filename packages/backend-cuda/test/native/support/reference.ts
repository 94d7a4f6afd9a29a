/**
 * Plain float64 JavaScript references for the native kernels, written from the contract in src/native/binding.ts
 * (not from the C++). Bools are 0/1 numbers.
 */
import type { BINARY_OP, REDUCE_OP, UNARY_OP } from '../../../src/native/binding.js';

export const UNARY_REFERENCE: Readonly<Record<keyof typeof UNARY_OP, (x: number, alpha: number) => number>> = {
  neg: (x) => -x,
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => Math.max(x, 0),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  softplus: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  reciprocal: (x) => 1 / x,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sign: Math.sign,
  floor: Math.floor,
  ceil: Math.ceil,
  leakyRelu: (x, alpha) => (x > 0 ? x : alpha * x),
  step: (x, alpha) => (Number.isNaN(x) ? x : x > 0 ? 1 : alpha),
};

const nanOr = (a: number, b: number, pick: (a: number, b: number) => number) =>
  Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : pick(a, b);

export const BINARY_REFERENCE: Readonly<Record<keyof typeof BINARY_OP, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: (a, b) => nanOr(a, b, Math.max),
  minimum: (a, b) => nanOr(a, b, Math.min),
  squaredDifference: (a, b) => (a - b) * (a - b),
  eluGrad: (dy, y) => (y > 0 ? dy : dy * (y + 1)),
  greater: (a, b) => Number(a > b),
  greaterEqual: (a, b) => Number(a >= b),
  less: (a, b) => Number(a < b),
  lessEqual: (a, b) => Number(a <= b),
  equal: (a, b) => Number(a === b),
  notEqual: (a, b) => Number(a !== b),
  logicalAnd: (a, b) => Number(a !== 0 && b !== 0),
  logicalOr: (a, b) => Number(a !== 0 || b !== 0),
};

/** Whether the binary op writes bools (comparisons and logical ops) and whether it reads them (logical ops). */
export function binaryTypes(op: keyof typeof BINARY_OP): { readsBool: boolean; writesBool: boolean } {
  const logical = op === 'logicalAnd' || op === 'logicalOr';
  const comparison = ['greater', 'greaterEqual', 'less', 'lessEqual', 'equal', 'notEqual'].includes(op);
  return { readsBool: logical, writesBool: logical || comparison };
}

/** Each reduction as a fold: its identity and its combine. max and min let NaN win. */
export const REDUCE_REFERENCE: Readonly<
  Record<keyof typeof REDUCE_OP, { identity: number; combine: (a: number, b: number) => number }>
> = {
  sum: { identity: 0, combine: (a, b) => a + b },
  max: { identity: Number.NEGATIVE_INFINITY, combine: (a, b) => nanOr(a, b, Math.max) },
  min: { identity: Number.POSITIVE_INFINITY, combine: (a, b) => nanOr(a, b, Math.min) },
  prod: { identity: 1, combine: (a, b) => a * b },
  any: { identity: 0, combine: (a, b) => Number(a !== 0 || b !== 0) },
  all: { identity: 1, combine: (a, b) => Number(a !== 0 && b !== 0) },
};

/** Row-major strides of a contiguous array of `shape`. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = (strides[d + 1] as number) * (shape[d + 1] as number);
  return strides;
}

/** For every index of `shape` in row-major order, each operand's element offset Σ c[d]·strides[k][d] + offset[k]. */
export function stridedOffsets(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  offsets: readonly number[] = strides.map(() => 0),
): number[][] {
  const count = shape.reduce((a, b) => a * b, 1);
  const result: number[][] = [];
  for (let i = 0; i < count; i++) {
    let rest = i;
    const at = [...offsets];
    for (let d = shape.length - 1; d >= 0; d--) {
      const extent = shape[d] as number;
      const coord = rest % extent;
      rest = Math.floor(rest / extent);
      for (let k = 0; k < strides.length; k++)
        at[k] = (at[k] as number) + coord * ((strides[k] as number[])[d] as number);
    }
    result.push(at);
  }
  return result;
}

/** The contract's float → int32 conversion: truncation, NaN → 0, saturation at the int32 range. */
export function toInt32(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.trunc(x)));
}

/** The contract's conversion of one element to DTYPE_CODE `to` (from any type; bools read as x ≠ 0). */
export function convert(x: number, to: number): number {
  if (to === 0) return Math.fround(x);
  if (to === 1) return toInt32(x);
  return Number(x !== 0);
}

/**
 * op(A[b])·op(B[b]) for every batch entry, in float64, with Σ_p |A_ip|·|B_pj| per element: a float32 dot product of
 * length k accumulated with fused multiply-adds is within k·2⁻²⁴ of that times (1 + O(k·2⁻²⁴)) of the exact value.
 */
export function matmulReference(
  a: Float32Array,
  b: Float32Array,
  shape: { batch: number; m: number; n: number; k: number },
  layout: { transposeA: boolean; transposeB: boolean; aBatchStride: number; bBatchStride: number },
): { values: Float64Array; magnitude: Float64Array } {
  const { batch, m, n, k } = shape;
  const values = new Float64Array(batch * m * n);
  const magnitude = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        let abs = 0;
        for (let p = 0; p < k; p++) {
          const x = a[t * layout.aBatchStride + (layout.transposeA ? p * m + i : i * k + p)] as number;
          const y = b[t * layout.bBatchStride + (layout.transposeB ? j * k + p : p * n + j)] as number;
          sum += x * y;
          abs += Math.abs(x * y);
        }
        values[(t * m + i) * n + j] = sum;
        magnitude[(t * m + i) * n + j] = abs;
      }
    }
  }
  return { values, magnitude };
}
