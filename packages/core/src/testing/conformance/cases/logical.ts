import * as tf from '@tensorflow/tfjs';
import type { KernelCase } from '../kernel-case.js';
import { booleanInput, integerInput, uniformInput } from '../kernel-input.js';
import { caseOf } from './case-of.js';

const COMPARISONS = [
  ['Greater', tf.greater],
  ['GreaterEqual', tf.greaterEqual],
  ['Less', tf.less],
  ['LessEqual', tf.lessEqual],
  ['Equal', tf.equal],
  ['NotEqual', tf.notEqual],
] as const;

/** Comparisons on integer-valued inputs (so that ties occur), logical kernels on bool, and `Select`. */
export const LOGICAL_CASES: readonly KernelCase[] = [
  ...COMPARISONS.flatMap(([kernel, op]) => [
    caseOf(
      kernel,
      'integer-valued float32, row b [4] over [3, 4]',
      [integerInput([3, 4], -2, 3, 'float32'), integerInput([4], -2, 3, 'float32')],
      op,
    ),
    caseOf(
      kernel,
      'int32, column b [3, 1] over [3, 4]',
      [integerInput([3, 4], -2, 3), integerInput([3, 1], -2, 3)],
      op,
    ),
  ]),
  caseOf('LogicalAnd', 'bool, row b [4] over [3, 4]', [booleanInput([3, 4]), booleanInput([4])], tf.logicalAnd),
  caseOf('LogicalOr', 'bool, column b [3, 1] over [3, 4]', [booleanInput([3, 4]), booleanInput([3, 1])], tf.logicalOr),
  caseOf('LogicalNot', 'bool [3, 4]', [booleanInput([3, 4])], tf.logicalNot),
  caseOf(
    'Select',
    'float32 by a bool condition [3, 4]',
    [booleanInput([3, 4]), uniformInput([3, 4]), uniformInput([3, 4])],
    tf.where,
  ),
  caseOf(
    'Select',
    'int32 by a bool condition [2, 3, 2]',
    [booleanInput([2, 3, 2]), integerInput([2, 3, 2], -9, 9), integerInput([2, 3, 2], -9, 9)],
    tf.where,
  ),
];
