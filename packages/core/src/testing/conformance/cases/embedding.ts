import * as tf from '@tensorflow/tfjs';
import type { KernelCase } from '../kernel-case.js';
import { integerInput, uniformInput } from '../kernel-input.js';
import { sumTolerance } from './sum-tolerance.js';

/** Rows of the table: K = 10 classes and the "no class" entry, as gen's class embedding. */
const ROWS = 11;
/** Labels per batch, more than rows so that some rows are gathered several times and some not at all. */
const LABELS = 24;

/**
 * The class embedding of gen's U-Net: `GatherV2` of table rows by int32 labels, and its gradient through `tf.grad`,
 * which tfjs computes with `UnsortedSegmentSum` (the weights of every label summed into its row).
 */
export const EMBEDDING_CASES: readonly KernelCase[] = [
  {
    name: `GatherV2: embedding rows of a [${ROWS}, 16] table by ${LABELS} int32 labels`,
    kernels: ['GatherV2'],
    inputs: [uniformInput([ROWS, 16]), integerInput([LABELS], 0, ROWS)],
    run: (table, labels) => tf.gather(table as tf.Tensor, labels as tf.Tensor),
  },
  {
    name: `UnsortedSegmentSum: tf.grad of Σ w·table[labels] for the [${ROWS}, 16] table, ${LABELS} labels`,
    kernels: ['GatherV2', 'UnsortedSegmentSum'],
    inputs: [uniformInput([ROWS, 16]), integerInput([LABELS], 0, ROWS), uniformInput([LABELS, 16])],
    run: (table, labels, w) =>
      tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, labels as tf.Tensor), w as tf.Tensor)))(table as tf.Tensor),
    tolerance: sumTolerance(LABELS),
  },
  {
    name: 'UnsortedSegmentSum: [12, 3, 2] into 5 segments by int32 ids in [0, 5)',
    kernels: ['UnsortedSegmentSum'],
    inputs: [uniformInput([12, 3, 2]), integerInput([12], 0, 5)],
    run: (x, ids) => tf.unsortedSegmentSum(x as tf.Tensor, ids as tf.Tensor1D, 5),
    tolerance: sumTolerance(12),
  },
];
