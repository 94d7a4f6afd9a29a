import * as tf from '@tensorflow/tfjs';
import type { KernelCase } from '../kernel-case.js';
import { booleanInput, integerInput, uniformInput } from '../kernel-input.js';
import { caseOf } from './case-of.js';

const FLOATS = [uniformInput([3, 5])];
const INTS = [integerInput([3, 5], -9, 9)];
const BOOLS = [booleanInput([3, 5])];

/** Casts between float32, int32 and bool both ways; `Fill`, `Range`, `Identity`, `OnesLike`, `ZerosLike`. */
export const CREATION_CASES: readonly KernelCase[] = [
  caseOf('Cast', 'float32 → int32 (truncation toward zero)', [uniformInput([3, 5], -5, 5)], (x) => tf.cast(x, 'int32')),
  caseOf('Cast', 'int32 → float32', INTS, (x) => tf.cast(x, 'float32')),
  caseOf('Cast', 'float32 → bool (zeros included)', [integerInput([3, 5], -1, 2, 'float32')], (x) =>
    tf.cast(x, 'bool'),
  ),
  caseOf('Cast', 'bool → float32', BOOLS, (x) => tf.cast(x, 'float32')),
  caseOf('Cast', 'int32 → bool', [integerInput([3, 5], -1, 2)], (x) => tf.cast(x, 'bool')),
  caseOf('Cast', 'bool → int32', BOOLS, (x) => tf.cast(x, 'int32')),
  caseOf('Fill', 'float32 [3, 4] with 2.5', [], () => tf.fill([3, 4], 2.5)),
  caseOf('Fill', 'int32 [5] with 7', [], () => tf.fill([5], 7, 'int32')),
  caseOf('Range', 'float32 0 … 15 (the frequency indices of a sinusoidal time embedding)', [], () => tf.range(0, 16)),
  caseOf('Range', 'float32 from −1 to 2 by 0.3 (steps accumulated in float32)', [], () => tf.range(-1, 2, 0.3)),
  caseOf('Range', 'int32 from 7 down to −5 by −3', [], () => tf.range(7, -5, -3, 'int32')),
  caseOf('Identity', 'tf.clone of float32', FLOATS, tf.clone),
  caseOf('Identity', 'tf.clone of int32', INTS, tf.clone),
  caseOf('OnesLike', 'float32', FLOATS, tf.onesLike),
  caseOf('OnesLike', 'int32', INTS, tf.onesLike),
  caseOf('ZerosLike', 'float32', FLOATS, tf.zerosLike),
  caseOf('ZerosLike', 'int32', INTS, tf.zerosLike),
];
