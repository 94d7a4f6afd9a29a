import * as tf from '@tensorflow/tfjs';
import { FLOAT32_EPS } from '../../tolerance.js';
import type { KernelCase } from '../kernel-case.js';
import { uniformInput } from '../kernel-input.js';
import { caseOf } from './case-of.js';

function matMul(
  what: string,
  a: number[],
  b: number[],
  {
    transposeA = false,
    transposeB = false,
    tolerance,
  }: { transposeA?: boolean; transposeB?: boolean } & Pick<KernelCase, 'tolerance'> = {},
): KernelCase {
  return caseOf(
    'BatchMatMul',
    `${what}, [${a.join(', ')}]·[${b.join(', ')}]`,
    [uniformInput(a), uniformInput(b)],
    (x, y) => tf.matMul(x, y, transposeA, transposeB),
    tolerance === undefined ? {} : { tolerance },
  );
}

/**
 * Matrix products through `BatchMatMul`: plain, with `transposeA` / `transposeB`, batched, with the batch
 * dimension broadcast, and with a long inner dimension k.
 */
export const MATMUL_CASES: readonly KernelCase[] = [
  matMul('plain', [3, 4], [4, 5]),
  matMul('transposeA', [4, 3], [4, 5], { transposeA: true }),
  matMul('transposeB', [3, 4], [5, 4], { transposeB: true }),
  matMul('transposeA and transposeB', [4, 3], [5, 4], { transposeA: true, transposeB: true }),
  matMul('batched', [2, 3, 4], [2, 4, 5]),
  matMul('batched, transposeB', [2, 3, 4], [2, 5, 4], { transposeB: true }),
  matMul('batch of b broadcast', [2, 3, 4], [1, 4, 5]),
  matMul('rank-2 b broadcast over the batch', [2, 3, 4], [4, 5]),
  // A dot product of k terms in [−1, 1) rounds k partial sums of magnitude about √k: error about k·eps in
  // practice (backends block and order the sums differently).
  matMul('long inner dimension k = 512', [8, 512], [512, 4], { tolerance: { atol: 512 * FLOAT32_EPS, rtol: 0 } }),
];
