import * as tf from '@tensorflow/tfjs';
import type { KernelCase } from '../kernel-case.js';
import { integerInput, type KernelInput, uniformInput } from '../kernel-input.js';
import { caseOf } from './case-of.js';

type Binary = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** The float32 binary kernels, each with the input ranges on which it is well defined and well conditioned. */
const OPS: readonly { kernel: string; op: Binary; a: [number, number]; b: [number, number] }[] = [
  { kernel: 'Add', op: tf.add, a: [-2, 2], b: [-2, 2] },
  { kernel: 'Sub', op: tf.sub, a: [-2, 2], b: [-2, 2] },
  { kernel: 'Multiply', op: tf.mul, a: [-2, 2], b: [-2, 2] },
  { kernel: 'RealDiv', op: tf.div, a: [-2, 2], b: [0.5, 2] },
  { kernel: 'Pow', op: tf.pow, a: [0.1, 3], b: [-2, 2] },
  { kernel: 'Maximum', op: tf.maximum, a: [-2, 2], b: [-2, 2] },
  { kernel: 'Minimum', op: tf.minimum, a: [-2, 2], b: [-2, 2] },
  { kernel: 'SquaredDifference', op: tf.squaredDifference, a: [-2, 2], b: [-2, 2] },
];

/** Shape pairs: equal shapes, then each way tfjs broadcasts. */
const BROADCASTS: readonly { what: string; a: number[]; b: number[] }[] = [
  { what: 'equal shapes [3, 4]', a: [3, 4], b: [3, 4] },
  { what: 'scalar b', a: [3, 4], b: [] },
  { what: 'row b [4] over [3, 4]', a: [3, 4], b: [4] },
  { what: 'column b [3, 1] over [3, 4]', a: [3, 4], b: [3, 1] },
  { what: 'both broadcast, [3, 1] with [1, 4]', a: [3, 1], b: [1, 4] },
  { what: 'rank 3 [2, 3, 4] with [3, 1]', a: [2, 3, 4], b: [3, 1] },
];

const FLOAT_CASES = OPS.flatMap(({ kernel, op, a, b }) =>
  BROADCASTS.map((shapes) =>
    caseOf(kernel, `float32, ${shapes.what}`, [uniformInput(shapes.a, ...a), uniformInput(shapes.b, ...b)], op),
  ),
);

/** The int32 variants: every op above that tfjs allows on int32 without changing the dtype. */
const INT_CASES = OPS.filter((o) => ['Add', 'Sub', 'Multiply', 'Maximum', 'Minimum'].includes(o.kernel)).map(
  ({ kernel, op }) =>
    caseOf(kernel, 'int32, row b [4] over [3, 4]', [integerInput([3, 4], -10, 10), integerInput([4], -10, 10)], op),
);

const terms = (count: number): KernelInput[] => Array.from({ length: count }, () => uniformInput([3, 5]));

/**
 * Binary arithmetic kernels on float32 with every broadcasting pattern (equal shapes, scalar, row, column, both
 * sides, rank 3), their int32 variants, `Pow` of negative bases to integer exponents, and `AddN`.
 */
export const BINARY_CASES: readonly KernelCase[] = [
  ...FLOAT_CASES,
  ...INT_CASES,
  caseOf(
    'Pow',
    'negative float32 bases to integer-valued exponents in [−2, 3)',
    [uniformInput([3, 4], -3, -0.1), integerInput([3, 4], -2, 3, 'float32')],
    tf.pow,
  ),
  caseOf('AddN', '2 float32 tensors [3, 5]', terms(2), (...xs) => tf.addN(xs)),
  caseOf('AddN', '5 float32 tensors [3, 5]', terms(5), (...xs) => tf.addN(xs)),
];
