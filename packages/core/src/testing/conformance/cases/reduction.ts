import * as tf from '@tensorflow/tfjs';
import { FLOAT32_EPS } from '../../tolerance.js';
import type { KernelCase } from '../kernel-case.js';
import { booleanInput, integerInput, uniformInput } from '../kernel-input.js';
import { caseOf } from './case-of.js';

const X = [uniformInput([3, 4])];
const X3 = [uniformInput([2, 3, 4])];
const INTS = [integerInput([3, 4], -9, 9)];

/**
 * Reductions over several axes, negative axes, all axes and with `keepDims`: `Sum`, `Mean`, `Max`, `Min`, `Prod`
 * on float32 (and int32 where tfjs allows), `All` and `Any` on bool.
 */
export const REDUCTION_CASES: readonly KernelCase[] = [
  caseOf('Sum', 'all axes of [3, 4]', X, (x) => tf.sum(x)),
  caseOf('Sum', 'axis 0 of [3, 4]', X, (x) => tf.sum(x, 0)),
  caseOf('Sum', 'axis 1 of [3, 4], keepDims', X, (x) => tf.sum(x, 1, true)),
  caseOf('Sum', 'axes [0, 2] of [2, 3, 4]', X3, (x) => tf.sum(x, [0, 2])),
  caseOf('Sum', 'axis −1 of [2, 3, 4], keepDims', X3, (x) => tf.sum(x, -1, true)),
  caseOf('Sum', 'axis 0 of [256, 33] (long sums)', [uniformInput([256, 33])], (x) => tf.sum(x, 0), {
    // Backends add in different orders; the rounding error of a sum of n terms in [−1, 1) is bounded by
    // n·eps·(the largest partial sum) and is about √n·eps·√n = n·eps in practice.
    tolerance: { atol: 256 * FLOAT32_EPS, rtol: 0 },
  }),
  caseOf('Sum', 'int32, axis 1 of [3, 4]', INTS, (x) => tf.sum(x, 1)),
  caseOf('Mean', 'all axes of [3, 4]', X, (x) => tf.mean(x)),
  caseOf('Mean', 'axis 1 of [3, 4]', X, (x) => tf.mean(x, 1)),
  caseOf('Mean', 'axes [1, 2] of [2, 3, 4], keepDims', X3, (x) => tf.mean(x, [1, 2], true)),
  caseOf('Max', 'all axes of [3, 4]', X, (x) => tf.max(x)),
  caseOf('Max', 'axis 0 of [3, 4]', X, (x) => tf.max(x, 0)),
  caseOf('Max', 'axis 1 of [2, 3, 4], keepDims', X3, (x) => tf.max(x, 1, true)),
  caseOf('Max', 'int32, axis 1 of [3, 4]', INTS, (x) => tf.max(x, 1)),
  caseOf('Min', 'all axes of [3, 4]', X, (x) => tf.min(x)),
  caseOf('Min', 'axis 1 of [3, 4]', X, (x) => tf.min(x, 1)),
  caseOf('Min', 'axes [0, 2] of [2, 3, 4], keepDims', X3, (x) => tf.min(x, [0, 2], true)),
  caseOf('Prod', 'axis 1 of [3, 4] in [0.5, 1.5)', [uniformInput([3, 4], 0.5, 1.5)], (x) => tf.prod(x, 1)),
  caseOf('Prod', 'all axes of [2, 3, 2] in [0.5, 1.5)', [uniformInput([2, 3, 2], 0.5, 1.5)], (x) => tf.prod(x)),
  caseOf('All', 'bool, axis 1 of [4, 3]', [booleanInput([4, 3])], (x) => tf.all(x, 1)),
  caseOf('All', 'bool, all axes of [2, 2]', [booleanInput([2, 2])], (x) => tf.all(x)),
  caseOf('Any', 'bool, axis 1 of [4, 3]', [booleanInput([4, 3])], (x) => tf.any(x, 1)),
  caseOf('Any', 'bool, axis 0 of [3, 4], keepDims', [booleanInput([3, 4])], (x) => tf.any(x, 0, true)),
];
