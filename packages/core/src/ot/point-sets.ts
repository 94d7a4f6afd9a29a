import type * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors/shape-error.js';
import { assertTensor } from '../validation/tensors.js';

/** The sizes of two validated point sets. */
export interface PointSetSizes {
  /** Rows of `x`. */
  readonly n: number;
  /** Rows of `y`. */
  readonly m: number;
  /** The common dimension. */
  readonly d: number;
}

/**
 * Checks that `x` [N, D] and `y` [M, D] are live float32 point sets of the same dimension D ≥ 1, each with at
 * least `minRows` rows.
 *
 * @param x - The first set, named `"x"` in errors unless `names` says otherwise.
 * @param y - The second set.
 * @param minRows - The fewest rows each set may have.
 * @param names - The parameter names to report, e.g. `["x0", "x1"]`.
 * @returns N, M and D.
 * @throws {@link InvalidArgumentError} when an argument is not a live float32 tensor; {@link ShapeError} for a
 *   rank other than 2, D = 0, a dimension mismatch, or too few rows.
 */
export function assertPointSets(
  x: unknown,
  y: unknown,
  minRows: number,
  names: readonly [string, string] = ['x', 'y'],
): PointSetSizes {
  const [xName, yName] = names;
  const xs = assertTensor(xName, x, { rank: 2, dtype: 'float32' });
  const [n, d] = xs.shape as [number, number];
  if (d < 1 || n < minRows) throw new ShapeError(xName, `[N ≥ ${minRows}, D ≥ 1]`, xs.shape);
  const ys = assertTensor(yName, y, { shape: [null, d], dtype: 'float32' }) as tf.Tensor2D;
  const m = ys.shape[0];
  if (m < minRows) throw new ShapeError(yName, `[M ≥ ${minRows}, ${d}]`, ys.shape);
  return { n, m, d };
}
