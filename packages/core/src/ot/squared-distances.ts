import * as tf from '@tensorflow/tfjs';
import { requireMemory } from '../validation/memory.js';
import { assertPointSets } from './point-sets.js';

/**
 * The matrix of squared Euclidean distances ‖xᵢ − yⱼ‖² between the rows of two point sets, as a tensor.
 *
 * @remarks
 * Computed as ‖xᵢ‖² + ‖yⱼ‖² − 2⟨xᵢ, yⱼ⟩ by a single matrix product of the augmented rows [xᵢ, ‖xᵢ‖², 1] and
 * [−2yⱼ, 1, ‖yⱼ‖²], after subtracting the pooled mean of both sets (which leaves the distances unchanged but
 * shrinks float32 cancellation); negative round-off is clamped to 0. The absolute error per entry is then about
 * 1e-7·(‖xᵢ − m‖² + ‖yⱼ − m‖²) with m the pooled mean. With `y` omitted the distances are those within `x`,
 * and the diagonal is exactly 0.
 *
 * @param x - Points [N, D], float32, N ≥ 1, D ≥ 1; not disposed.
 * @param y - Points [M, D], float32; not disposed. Omit for the distances within `x`.
 * @returns A new float32 tensor [N, M] (or [N, N]), owned by the caller.
 * @throws {@link InvalidArgumentError} when an argument is not a live float32 tensor; {@link ShapeError} for a
 *   rank other than 2, an empty set, or a dimension mismatch; {@link ResourceLimitError} naming `x` when the
 *   N·M·4 bytes of the matrix exceed the allocation limit.
 * @example
 * ```ts
 * const d2 = pairwiseSquaredDistances(x, y); // [N, M]
 * d2.dispose();
 * ```
 * @see {@link squaredDistances} for the same matrix read back as float64.
 */
export function pairwiseSquaredDistances(x: tf.Tensor, y?: tf.Tensor): tf.Tensor2D {
  const within = y === undefined;
  const { n, m } = assertPointSets(x, y ?? x, 1);
  requireMemory('x', x.shape, n * m * 4, `[${n}, ${m}] float32 distance matrix`);
  return tf.tidy(() => {
    const other = y ?? x;
    const mean = within ? tf.mean(x, 0) : tf.div(tf.add(tf.sum(x, 0), tf.sum(other, 0)), n + m);
    const xc = tf.sub(x, mean);
    const yc = within ? xc : tf.sub(other, mean);
    const xNorms = tf.sum(tf.square(xc), 1, true);
    const yNorms = within ? xNorms : tf.sum(tf.square(yc), 1, true);
    const left = tf.concat([xc, xNorms, tf.ones([n, 1])], 1);
    const right = tf.concat([tf.mul(yc, -2), tf.ones([m, 1]), yNorms], 1);
    const d2 = tf.relu(tf.matMul(left, right, false, true));
    return (within ? tf.sub(d2, tf.mul(d2, tf.eye(n))) : d2) as tf.Tensor2D;
  });
}

/**
 * The squared Euclidean cost matrix Cᵢⱼ = ‖xᵢ − yⱼ‖² between two minibatches, read back to the host as float64
 * for the optimal transport solvers.
 *
 * @remarks
 * Computes {@link pairwiseSquaredDistances} with tfjs (float32, pooled-mean centred) and reads it back once;
 * the float64 result feeds {@link exactAssignment} and {@link sinkhorn} directly.
 *
 * @param x - Points [N, D], float32, N ≥ 1, D ≥ 1; not disposed.
 * @param y - Points [M, D], float32; not disposed.
 * @returns A new row-major `Float64Array` of length N·M (entry (i, j) at `i·M + j`), owned by the caller.
 * @throws {@link InvalidArgumentError} when an argument is not a live float32 tensor; {@link ShapeError} for a
 *   rank other than 2, an empty set, or a dimension mismatch; {@link ResourceLimitError} naming `x` when the
 *   N·M·8 bytes of the cost exceed the allocation limit.
 * @example
 * ```ts
 * const cost = squaredDistances(x0, x1); // N·M entries
 * const sigma = exactAssignment(cost, x0.shape[0]);
 * ```
 * @see Tong et al., "Improving and generalizing flow-based generative models with minibatch optimal transport",
 *   TMLR 2024 (arXiv 2302.00482, 2023).
 */
export function squaredDistances(x: tf.Tensor, y: tf.Tensor): Float64Array {
  const { n, m } = assertPointSets(x, y, 1);
  requireMemory('x', x.shape, n * m * 8, `[${n}, ${m}] float64 cost matrix`);
  const d2 = pairwiseSquaredDistances(x, y);
  try {
    return new Float64Array(d2.dataSync());
  } finally {
    d2.dispose();
  }
}
