import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Seed } from '../random/hash.js';
import { Rng } from '../random/rng.js';
import { assertInteger } from '../validation/numbers.js';
import { type HostMatrix, toMatrixArray } from './host-matrix.js';

/** Index pairs (source[k], target[k]) coupling rows of a source batch with rows of a target batch. */
export interface OtPairs {
  /** Row indices into the source set (x0), one per pair. */
  readonly source: Int32Array;
  /** Row indices into the target set (x1), one per pair. */
  readonly target: Int32Array;
}

/**
 * Draws index pairs (i, j) independently, with replacement, with probability proportional to a transport plan's
 * entries Pᵢⱼ.
 *
 * @remarks
 * The plan is normalised by its total mass, so it need not sum to exactly 1; zero entries are never drawn.
 * Builds the cumulative sum of the N·M entries once (float64) and inverts it by binary search for each draw:
 * O(N·M + count·log(N·M)). Draws come from {@link Rng} seeded with `seed`, so equal seeds give equal pairs.
 * This is how Schrödinger-bridge and Sinkhorn-based minibatch OT-CFM couple a batch.
 *
 * @param plan - The plan P, N×M, row-major `Float64Array` or N rows of M numbers; finite, non-negative, with
 *   positive total. Not modified.
 * @param n - The number of rows N, an integer ≥ 1.
 * @param m - The number of columns M, an integer ≥ 1.
 * @param count - How many pairs to draw, an integer ≥ 1.
 * @param seed - A non-negative safe integer.
 * @returns New index arrays of length `count`, owned by the caller.
 * @throws {@link InvalidArgumentError} for a bad `n`, `m`, `count` or `seed`, or a plan with a negative entry or
 *   zero total; {@link ShapeError} when the plan is not N×M.
 * @example
 * ```ts
 * const { plan } = sinkhorn(cost, n, m, { epsilon: 0.1 });
 * const { source, target } = samplePlan(plan, n, m, n, 7);
 * ```
 * @see Tong et al., "Improving and generalizing flow-based generative models with minibatch optimal transport",
 *   TMLR 2024 (arXiv 2302.00482, 2023).
 */
export function samplePlan(plan: HostMatrix, n: number, m: number, count: number, seed: Seed): OtPairs {
  assertInteger('n', n, 1);
  assertInteger('m', m, 1);
  assertInteger('count', count, 1);
  assertInteger('seed', seed);
  const p = toMatrixArray('plan', plan, n, m);
  const cumulative = new Float64Array(p.length);
  let total = 0;
  for (let k = 0; k < p.length; k += 1) {
    const value = p[k] as number;
    if (value < 0) {
      throw new InvalidArgumentError(
        'plan',
        'non-negative entries',
        `${value} at entry (${Math.floor(k / m)}, ${k % m})`,
      );
    }
    total += value;
    cumulative[k] = total;
  }
  if (!(total > 0)) throw new InvalidArgumentError('plan', 'a positive total mass', total);
  const rng = new Rng(seed);
  const source = new Int32Array(count);
  const target = new Int32Array(count);
  for (let s = 0; s < count; s += 1) {
    const u = rng.uniform() * total;
    let lo = 0;
    let hi = p.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    source[s] = Math.floor(lo / m);
    target[s] = lo % m;
  }
  return { source, target };
}
