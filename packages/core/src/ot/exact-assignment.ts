import { assertInteger } from '../validation/numbers.js';
import { type HostMatrix, toMatrixArray } from './host-matrix.js';

/**
 * The optimal assignment of a square cost matrix: the permutation σ minimising Σᵢ C[i, σ(i)] (the linear
 * assignment problem, i.e. exact optimal transport between two equal-size uniform point clouds).
 *
 * @remarks
 * Shortest augmenting paths with dual potentials (the Hungarian method in its Jonker–Volgenant form): rows are
 * inserted one at a time; each insertion runs a Dijkstra search over reduced costs C[i, j] − uᵢ − vⱼ ≥ 0 from
 * the new row to a free column, augments along the path and updates the potentials so that the reduced costs
 * stay non-negative and vanish on the matching. At the end (u, v) is a feasible dual with
 * Σuᵢ + Σvⱼ = Σ C[i, σ(i)], which certifies optimality. O(n³) time worst case, O(n) extra memory, float64
 * throughout; n = 1024 takes well under a second in Node. Ties are broken deterministically.
 *
 * @param cost - The n×n cost, row-major `Float64Array` of length n² (as from {@link squaredDistances}) or n
 *   rows of n numbers; finite entries, any sign. Not modified.
 * @param n - The number of rows (and columns), an integer ≥ 1.
 * @returns A new `Int32Array` σ of length n, owned by the caller: row i is assigned column σ[i].
 * @throws {@link InvalidArgumentError} when `n` is not a positive integer or `cost` has a non-finite entry;
 *   {@link ShapeError} when `cost` is not n×n.
 * @example
 * ```ts
 * const sigma = exactAssignment([[4, 1], [2, 3]], 2); // Int32Array [1, 0], total cost 3
 * const x1Paired = tf.gather(x1, tf.tensor1d(exactAssignment(squaredDistances(x0, x1), n), 'int32'));
 * ```
 * @see Kuhn, "The Hungarian method for the assignment problem", Naval Research Logistics Quarterly 2, 1955.
 * @see Jonker & Volgenant, "A shortest augmenting path algorithm for dense and sparse linear assignment
 *   problems", Computing 38, 1987.
 */
export function exactAssignment(cost: HostMatrix, n: number): Int32Array {
  assertInteger('n', n, 1);
  const c = toMatrixArray('cost', cost, n, n);
  // 1-based rows and columns; column 0 is a virtual column that holds the row being inserted.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOf = new Int32Array(n + 1); // rowOf[j]: the row matched to column j, 0 when free
  const previous = new Int32Array(n + 1); // previous column on the shortest path
  const slack = new Float64Array(n + 1); // shortest reduced distance to each column so far
  const visited = new Uint8Array(n + 1);
  for (let row = 1; row <= n; row += 1) {
    rowOf[0] = row;
    slack.fill(Number.POSITIVE_INFINITY);
    visited.fill(0);
    let column = 0;
    do {
      visited[column] = 1;
      const i = rowOf[column] as number;
      const ui = u[i] as number;
      const offset = (i - 1) * n - 1;
      let delta = Number.POSITIVE_INFINITY;
      let next = 0;
      for (let j = 1; j <= n; j += 1) {
        if (visited[j]) continue;
        const reduced = (c[offset + j] as number) - ui - (v[j] as number);
        if (reduced < (slack[j] as number)) {
          slack[j] = reduced;
          previous[j] = column;
        }
        if ((slack[j] as number) < delta) {
          delta = slack[j] as number;
          next = j;
        }
      }
      for (let j = 0; j <= n; j += 1) {
        if (visited[j]) {
          const r = rowOf[j] as number;
          u[r] = (u[r] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else {
          slack[j] = (slack[j] as number) - delta;
        }
      }
      column = next;
    } while (rowOf[column] !== 0);
    while (column !== 0) {
      const back = previous[column] as number;
      rowOf[column] = rowOf[back] as number;
      column = back;
    }
  }
  const sigma = new Int32Array(n);
  for (let j = 1; j <= n; j += 1) sigma[(rowOf[j] as number) - 1] = j - 1;
  return sigma;
}
