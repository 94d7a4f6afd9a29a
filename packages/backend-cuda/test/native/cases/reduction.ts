/** Cases for reduce and matmul. */
import { REDUCE_OP } from '../../../src/native/binding.js';
import { EXACT, FLOAT32_EPS, type Tolerance } from '../support/compare.js';
import type { NativeCase } from '../support/native-case.js';
import { seededRandom, uniform } from '../support/random.js';
import { matmulReference, REDUCE_REFERENCE } from '../support/reference.js';

type ReduceOp = keyof typeof REDUCE_OP;

/** Row values per op: sums of mixed signs, products that stay near 1, bools mostly at the op's identity. */
function reduceInputs(op: ReduceOp, count: number, seed: number): Float32Array | Uint8Array {
  const random = seededRandom(seed);
  if (op === 'any') return Uint8Array.from({ length: count }, () => Number(random() < 0.01));
  if (op === 'all') return Uint8Array.from({ length: count }, () => Number(random() > 0.01));
  if (op === 'prod') return uniform(random, count, 0.9, 1.1);
  return uniform(random, count, -10, 10);
}

/**
 * Float32 folding of n values in any order is within (n − 1)·2⁻²⁴·Σ|x| of the exact sum, and a product of n values
 * within n·2⁻²⁴ relative (to first order). max, min and bools are exact.
 */
function reduceTolerance(op: ReduceOp, rows: readonly (readonly number[])[]): Tolerance {
  if (op === 'sum') {
    return { abs: rows.map((row) => row.length * FLOAT32_EPS * row.reduce((a, x) => a + Math.abs(x), 0)), rel: 0 };
  }
  if (op === 'prod') return { abs: 0, rel: 1.01 * (rows[0]?.length ?? 0) * FLOAT32_EPS };
  return EXACT;
}

function reduceCase(
  op: ReduceOp,
  outer: number,
  reduceSize: number,
  x = reduceInputs(op, outer * reduceSize, outer + reduceSize),
): NativeCase {
  const isBool = op === 'any' || op === 'all';
  const rows = Array.from({ length: outer }, (_, r) => Array.from(x.subarray(r * reduceSize, (r + 1) * reduceSize)));
  const { identity, combine } = REDUCE_REFERENCE[op];
  const tolerance = reduceTolerance(op, rows);
  return {
    name: `reduce ${op} over [${outer}, ${reduceSize}]${x.some(Number.isNaN) ? ' with a NaN' : ''}`,
    run: (s) => {
      const out = s.output(outer, isBool ? 1 : 4);
      s.binding.reduce(REDUCE_OP[op], s.input(x), out, outer, reduceSize);
      return isBool ? s.uint8(out, outer) : s.float32(out, outer);
    },
    expected: rows.map((row) => row.reduce(combine, identity)),
    tolerance,
    // Both builds fold in the GPU's order (strided runs per thread, then a tree; native/src/math/reduce_ops.h), with
    // IEEE float32 operations: the same bits, so a barrier or indexing fault in the GPU's tree shows up here.
    crossTolerance: EXACT,
  };
}

function reduceCases(): NativeCase[] {
  const cases: NativeCase[] = [];
  for (const op of Object.keys(REDUCE_OP) as ReduceOp[]) {
    cases.push(reduceCase(op, 5, 1), reduceCase(op, 7, 300), reduceCase(op, 3, 1000), reduceCase(op, 3, 0));
  }
  // Rows of a warp's width and one more (32 then 64 threads), one more than the largest block (each thread folds
  // two elements or one), and more rows than the GPU's 65535 blocks (blocks take further rows in turn).
  for (const op of ['sum', 'max', 'all'] as const) {
    cases.push(reduceCase(op, 4, 32), reduceCase(op, 4, 33), reduceCase(op, 2, 257), reduceCase(op, 70000, 3));
  }
  const withNaN = uniform(seededRandom(3), 40, -1, 1);
  withNaN[17] = Number.NaN;
  cases.push(reduceCase('max', 2, 20, withNaN), reduceCase('min', 2, 20, withNaN));
  return cases;
}

interface MatmulShape {
  batch: number;
  m: number;
  n: number;
  k: number;
}

/**
 * C[b] = op(A[b])·op(B[b]). The tolerance per element is k·2⁻²⁴·Σₚ|AᵢₚBₚⱼ| (with 1 % to spare): what a float32
 * dot product accumulated with one rounding per fused multiply-add may lose. Both builds run the same tiles and the
 * same fmaf sequence, so the CUDA build must match the host build bit for bit.
 */
function matmulCase(shape: MatmulShape, transposeA: boolean, transposeB: boolean, broadcastB: boolean): NativeCase {
  const { batch, m, n, k } = shape;
  const random = seededRandom(batch * 1000 + m * 10 + n + k);
  const aBatchStride = m * k;
  const bBatchStride = broadcastB ? 0 : k * n;
  const a = uniform(random, batch * m * k, -1, 1);
  const b = uniform(random, broadcastB ? k * n : batch * k * n, -1, 1);
  const layout = { transposeA, transposeB, aBatchStride, bBatchStride };
  const { values, magnitude } = matmulReference(a, b, shape, layout);
  return {
    name:
      `matmul [${batch}] ${m}×${k} · ${k}×${n}${transposeA ? ', A transposed' : ''}${transposeB ? ', B transposed' : ''}` +
      (broadcastB ? ', one B for every batch entry (stride 0)' : ''),
    run: (s) => {
      const out = s.output(batch * m * n, 4);
      s.binding.matmul(s.input(a), s.input(b), out, batch, m, n, k, transposeA, transposeB, aBatchStride, bBatchStride);
      return s.float32(out, batch * m * n);
    },
    expected: values,
    tolerance: { abs: Array.from(magnitude, (sum) => 1.01 * k * FLOAT32_EPS * sum), rel: 0 },
    crossTolerance: EXACT,
  };
}

function matmulCases(): NativeCase[] {
  // Neither 37 nor 70 nor 45 is a multiple of the 64 × 64 × 16 tiles: every edge is partial.
  const ragged = { batch: 2, m: 37, n: 70, k: 45 };
  const cases: NativeCase[] = [];
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      cases.push(matmulCase(ragged, transposeA, transposeB, false), matmulCase(ragged, transposeA, transposeB, true));
    }
  }
  cases.push(
    matmulCase({ batch: 1, m: 130, n: 129, k: 33 }, false, false, false),
    matmulCase({ batch: 1, m: 1, n: 1, k: 300 }, true, true, false),
    // k = 0: an empty sum, so C is all zeros.
    matmulCase({ batch: 3, m: 5, n: 4, k: 0 }, false, false, false),
  );
  return cases;
}

export const REDUCTION_CASES: readonly NativeCase[] = [...reduceCases(), ...matmulCases()];
