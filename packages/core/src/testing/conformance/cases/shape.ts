import * as tf from '@tensorflow/tfjs';
import type { KernelCase } from '../kernel-case.js';
import { integerInput, type KernelInput, uniformInput } from '../kernel-input.js';
import { caseOf } from './case-of.js';

const TRANSPOSES: readonly [number[], number[]][] = [
  [
    [3, 4],
    [1, 0],
  ],
  [
    [2, 3, 4],
    [2, 0, 1],
  ],
  [
    [2, 3, 4],
    [0, 2, 1],
  ],
  [
    [2, 3, 4, 5],
    [3, 1, 0, 2],
  ],
  [
    [2, 3, 4, 5],
    [0, 2, 3, 1],
  ],
];

const floats = (...shapes: number[][]): KernelInput[] => shapes.map((s) => uniformInput(s));
const ints = (...shapes: number[][]): KernelInput[] => shapes.map((s) => integerInput(s, -9, 9));

/**
 * Kernels that move values without arithmetic: reshapes, transposes of rank 2 to 4, concatenation, stacking and
 * unstacking, slicing and splitting, tiling, padding, gathering and one-hot encoding.
 */
export const SHAPE_CASES: readonly KernelCase[] = [
  caseOf('Reshape', '[2, 3, 4] → [6, 4]', floats([2, 3, 4]), (x) => tf.reshape(x, [6, 4])),
  caseOf('Reshape', 'int32 [4, 5] → [20]', ints([4, 5]), (x) => tf.reshape(x, [20])),
  caseOf('ExpandDims', 'axis 0 of [3, 4]', floats([3, 4]), (x) => tf.expandDims(x, 0)),
  caseOf('ExpandDims', 'axis −1 of [3, 4]', floats([3, 4]), (x) => tf.expandDims(x, -1)),
  ...TRANSPOSES.map(([shape, perm]) =>
    caseOf('Transpose', `[${shape.join(', ')}] by [${perm.join(', ')}]`, floats(shape), (x) => tf.transpose(x, perm)),
  ),
  caseOf('Transpose', 'int32 [3, 4] by [1, 0]', ints([3, 4]), (x) => tf.transpose(x)),
  caseOf('Concat', 'two [2, 3] on axis 0', floats([2, 3], [2, 3]), (a, b) => tf.concat([a, b], 0)),
  caseOf('Concat', '[2, 1], [2, 3], [2, 2] on axis 1', floats([2, 1], [2, 3], [2, 2]), (...xs) => tf.concat(xs, 1)),
  caseOf('Concat', '[2, 3, 1] and [2, 3, 2] on axis 2', floats([2, 3, 1], [2, 3, 2]), (a, b) => tf.concat([a, b], 2)),
  caseOf('Concat', 'int32 [1, 3] and [2, 3] on axis 0', ints([1, 3], [2, 3]), (a, b) => tf.concat([a, b], 0)),
  caseOf('Pack', 'three [2, 3] on axis 0', floats([2, 3], [2, 3], [2, 3]), (...xs) => tf.stack(xs, 0)),
  caseOf('Pack', 'two [2, 3] on axis 1', floats([2, 3], [2, 3]), (a, b) => tf.stack([a, b], 1)),
  caseOf('Unpack', '[3, 4] on axis 1', floats([3, 4]), (x) => tf.unstack(x, 1)),
  caseOf('Unpack', '[2, 3, 2] on axis 0', floats([2, 3, 2]), (x) => tf.unstack(x)),
  caseOf('Slice', '[1, 2] size [2, −1] of [4, 5]', floats([4, 5]), (x) => tf.slice(x, [1, 2], [2, -1])),
  caseOf('Slice', '[0, 1, 1] size [2, 2, 2] of [2, 3, 4]', floats([2, 3, 4]), (x) => tf.slice(x, [0, 1, 1], [2, 2, 2])),
  caseOf('SplitV', '[4, 6] into 3 equal parts on axis 1', floats([4, 6]), (x) => tf.split(x, 3, 1)),
  caseOf('SplitV', '[4, 6] into sizes [1, 3, 2] on axis 1', floats([4, 6]), (x) => tf.split(x, [1, 3, 2], 1)),
  caseOf('SplitV', '[4, 3] into sizes [3, 1] on axis 0', floats([4, 3]), (x) => tf.split(x, [3, 1], 0)),
  caseOf('Tile', '[2, 3] by [2, 3]', floats([2, 3]), (x) => tf.tile(x, [2, 3])),
  caseOf('Tile', '[2, 1, 3] by [1, 2, 2]', floats([2, 1, 3]), (x) => tf.tile(x, [1, 2, 2])),
  caseOf('Tile', 'int32 [3] by [4]', ints([3]), (x) => tf.tile(x, [4])),
  caseOf('PadV2', '[3, 4] by [[1, 0], [0, 2]] with 0', floats([3, 4]), (x) =>
    tf.pad(x, [
      [1, 0],
      [0, 2],
    ]),
  ),
  caseOf('PadV2', '[2, 2, 3] by [[0, 1], [2, 0], [1, 1]] with 1.5', floats([2, 2, 3]), (x) =>
    tf.pad(
      x,
      [
        [0, 1],
        [2, 0],
        [1, 1],
      ],
      1.5,
    ),
  ),
  caseOf('GatherV2', 'float32 [5, 3] at 6 indices on axis 0', [uniformInput([5, 3]), integerInput([6], 0, 5)], (x, i) =>
    tf.gather(x, i, 0),
  ),
  caseOf(
    'GatherV2',
    'float32 [2, 4, 3] at [2, 2] indices on axis 1',
    [uniformInput([2, 4, 3]), integerInput([2, 2], 0, 4)],
    (x, i) => tf.gather(x, i, 1),
  ),
  caseOf('GatherV2', 'int32 [5, 3] at 4 indices on axis 1', [...ints([5, 3]), integerInput([4], 0, 3)], (x, i) =>
    tf.gather(x, i, 1),
  ),
  caseOf('OneHot', '6 indices, depth 5', [integerInput([6], 0, 5)], (i) => tf.oneHot(i, 5)),
  caseOf('OneHot', '[2, 3] indices, depth 4, on 2 and off −1', [integerInput([2, 3], 0, 4)], (i) =>
    tf.oneHot(i, 4, 2, -1),
  ),
];
