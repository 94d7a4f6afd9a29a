import * as tf from '@tensorflow/tfjs';
import { pairwiseSquaredDistances } from '../ot/squared-distances.js';

/** Sums of a pooled matrix over the blocks of a two-sample split (float64, accumulated on the host). */
export interface BlockSums {
  /** Σᵢ Σⱼ over x×x. */
  readonly xx: number;
  /** Σᵢ Σⱼ over x×y. */
  readonly xy: number;
  /** Σᵢ Σⱼ over y×y. */
  readonly yy: number;
}

/**
 * Squared distances within the pooled sample z = [x; y], so that one matrix holds the x×x, x×y and y×y blocks
 * (exact zeros on the diagonal).
 *
 * @param x - Validated points [N, D]; not disposed.
 * @param y - Validated points [M, D]; not disposed.
 * @returns A new tensor [N + M, N + M], owned by the caller.
 */
export function pooledSquaredDistances(x: tf.Tensor, y: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => pairwiseSquaredDistances(tf.concat([x, y], 0)));
}

/**
 * Sums a pooled [N + M, N + M] matrix over its x×x, x×y and y×y blocks.
 *
 * @remarks
 * Reduces each row over the x columns and over the y columns with one matrix product (against the indicator
 * columns of x and y), reads those 2·(N + M) partial sums back once, and adds them up in float64, so the small
 * differences the metrics take of these sums keep their digits.
 *
 * @param matrix - The pooled matrix; not disposed.
 * @param n - The number of x rows (the first N).
 * @returns The three block sums.
 */
export function blockSums(matrix: tf.Tensor2D, n: number): BlockSums {
  const p = matrix.shape[0];
  const indicators = new Float32Array(2 * p);
  for (let i = 0; i < p; i += 1) indicators[2 * i + (i < n ? 0 : 1)] = 1;
  const rowSums = tf.tidy(() => tf.matMul(matrix, tf.tensor2d(indicators, [p, 2])));
  const sums = rowSums.dataSync(); // row i: [Σ over x columns, Σ over y columns]
  rowSums.dispose();
  let xx = 0;
  let xy = 0;
  let yy = 0;
  for (let i = 0; i < p; i += 1) {
    if (i < n) {
      xx += sums[2 * i] as number;
      xy += sums[2 * i + 1] as number;
    } else {
      yy += sums[2 * i + 1] as number;
    }
  }
  return { xx, xy, yy };
}
