import * as tf from '@tensorflow/tfjs';

/** Sums of a pooled matrix over the blocks of a two-sample split (float64, accumulated on the host). */
export interface BlockSums {
  /** Σᵢ Σⱼ over x×x. */
  readonly xx: number;
  /** Σᵢ Σⱼ over x×y. */
  readonly xy: number;
  /** Σᵢ Σⱼ over y×y. */
  readonly yy: number;
}

/** Entries of one row block of the pooled distance matrix: 2²⁰ float32 values, 4 MiB. */
export const BLOCK_ENTRIES = 2 ** 20;

/**
 * The squared distances within the pooled sample z = [x; y] (the x×x, x×y and y×y blocks of one (N + M)² matrix),
 * computed one block of rows at a time so that memory is O(block·(N + M)), never O((N + M)²).
 *
 * @remarks
 * Each entry is computed exactly as {@link pairwiseSquaredDistances} computes the whole matrix within z: centred
 * by the pooled mean, ‖zᵢ‖² + ‖zⱼ‖² − 2⟨zᵢ, zⱼ⟩ from one matrix product of augmented rows, negative round-off
 * clamped to 0 and the diagonal exactly 0. A block holds at most 2²⁰ entries (4 MiB of float32), so at
 * N + M = 40 000 a block is 26 rows. Owns two [N + M, D + 2] tensors until {@link PooledDistances.dispose}.
 */
export class PooledDistances {
  /** The pooled sample size P = N + M. */
  readonly p: number;
  /** The number N of x rows (the first N of z). */
  readonly n: number;
  /** Rows per block: ⌊blockEntries / P⌋, at least 1. */
  readonly blockRows: number;
  private readonly left: tf.Tensor2D;
  private readonly right: tf.Tensor2D;

  /**
   * @param x - Validated points [N, D]; not disposed.
   * @param y - Validated points [M, D]; not disposed.
   * @param blockEntries - The most entries of one block (default {@link BLOCK_ENTRIES}).
   */
  constructor(x: tf.Tensor, y: tf.Tensor, blockEntries = BLOCK_ENTRIES) {
    this.n = x.shape[0] as number;
    this.p = this.n + (y.shape[0] as number);
    this.blockRows = Math.max(1, Math.floor(blockEntries / this.p));
    [this.left, this.right] = tf.tidy(() => {
      const z = tf.concat([x, y], 0);
      const centred = tf.sub(z, tf.mean(z, 0));
      const norms = tf.sum(tf.square(centred), 1, true);
      const ones = tf.ones([this.p, 1]);
      return [
        tf.concat([centred, norms, ones], 1) as tf.Tensor2D,
        tf.concat([tf.mul(centred, -2), ones, norms], 1) as tf.Tensor2D,
      ];
    });
  }

  /**
   * Squared distances of rows `start … start + rows − 1` to columns `from … P − 1`, without zeroing the diagonal.
   *
   * @param start - The first row.
   * @param rows - The number of rows.
   * @param from - The first column (default 0).
   * @returns A new tensor [rows, P − from], owned by the caller.
   */
  block(start: number, rows: number, from = 0): tf.Tensor2D {
    return tf.tidy(() => {
      const left = tf.slice(this.left, [start, 0], [rows, -1]);
      const right = from === 0 ? this.right : tf.slice(this.right, [from, 0], [-1, -1]);
      return tf.relu(tf.matMul(left, right, false, true));
    });
  }

  /**
   * Sums `transform(d²)` over the x×x, x×y and y×y blocks of the pooled matrix (diagonal d² = 0 included).
   *
   * @remarks
   * Per row block: the transformed block is reduced over the x columns and the y columns by one matrix product
   * (against the indicator columns of x and y), the 2·rows partial sums are read back, and the rows are added up
   * in float64, so the small differences the metrics take of these sums keep their digits.
   *
   * @param transform - An elementwise map of a block of squared distances (its tensors are disposed here).
   * @returns The three block sums.
   */
  sums(transform: (squared: tf.Tensor2D) => tf.Tensor): BlockSums {
    const { n, p } = this;
    const flags = new Float32Array(2 * p);
    for (let i = 0; i < p; i += 1) flags[2 * i + (i < n ? 0 : 1)] = 1;
    const indicators = tf.tensor2d(flags, [p, 2]);
    // Indices are uploaded: tf.range is not implemented by every backend (@gen/backend-cuda lacks it).
    const columns = tf.tensor2d(
      Int32Array.from({ length: p }, (_, j) => j),
      [1, p],
      'int32',
    );
    let xx = 0;
    let xy = 0;
    let yy = 0;
    try {
      for (let start = 0; start < p; start += this.blockRows) {
        const rows = Math.min(this.blockRows, p - start);
        // Nested scopes free each step's intermediates at once: about four blocks are alive at the peak.
        const rowSums = tf.tidy(() => {
          const zeroed = tf.tidy(() => {
            const rowIndex = tf.tensor2d(
              Int32Array.from({ length: rows }, (_, r) => start + r),
              [rows, 1],
              'int32',
            );
            const offDiagonal = tf.cast(tf.notEqual(rowIndex, columns), 'float32');
            return tf.mul(this.block(start, rows), offDiagonal) as tf.Tensor2D;
          });
          return tf.matMul(tf.tidy(() => transform(zeroed)) as tf.Tensor2D, indicators);
        });
        const sums = rowSums.dataSync(); // row i: [Σ over x columns, Σ over y columns]
        rowSums.dispose();
        for (let r = 0; r < rows; r += 1) {
          if (start + r < n) {
            xx += sums[2 * r] as number;
            xy += sums[2 * r + 1] as number;
          } else {
            yy += sums[2 * r + 1] as number;
          }
        }
      }
    } finally {
      tf.dispose([indicators, columns]);
    }
    return { xx, xy, yy };
  }

  /** Disposes the tensors this object owns. */
  dispose(): void {
    tf.dispose([this.left, this.right]);
  }
}
