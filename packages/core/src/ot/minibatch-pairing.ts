import type * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors/shape-error.js';
import type { Seed } from '../random/hash.js';
import { requireMemory } from '../validation/memory.js';
import { assertInteger, assertOneOf, assertPositive } from '../validation/numbers.js';
import { exactAssignment } from './exact-assignment.js';
import { assertPointSets } from './point-sets.js';
import { type OtPairs, samplePlan } from './sample-plan.js';
import { sinkhorn } from './sinkhorn.js';
import { squaredDistances } from './squared-distances.js';

/** Options of {@link minibatchOtPairing}. */
export interface MinibatchOtOptions {
  /** `'exact'`: the optimal permutation (OT-CFM); `'sinkhorn'`: pairs sampled from the entropic plan (SB-CFM). */
  method: 'exact' | 'sinkhorn';
  /** Entropic regularisation ε > 0 in squared-distance units; required for `'sinkhorn'`. */
  epsilon?: number;
  /** Seed of the pair sampling; required for `'sinkhorn'`, unused by `'exact'`. */
  seed?: Seed;
}

/** The ε-scaling factor of the `'sinkhorn'` pairing: ε halves per stage from the largest squared distance. */
const EPSILON_SCALING = 0.5;

/**
 * Couples the rows of two minibatches by optimal transport under the squared Euclidean cost, the pairing step of
 * minibatch OT-CFM and Schrödinger-bridge CFM.
 *
 * @remarks
 * Builds Cᵢⱼ = ‖x0ᵢ − x1ⱼ‖² with {@link squaredDistances}, then
 * - `'exact'` (N = M required): σ = {@link exactAssignment}(C); the pairs are (i, σ(i)) for i = 0…N−1, so
 *   `source` is 0…N−1 and every row of both batches is used once.
 * - `'sinkhorn'`: P = {@link sinkhorn}(C, ε) with uniform marginals, ε-scaling (halving from max C) and default
 *   iteration settings (a plan that has not fully converged is still used: its column marginal is exact; with
 *   ε-scaling its row marginal is within about 1e-3 even at ε ≈ max C / 6000), then N pairs drawn from P with
 *   replacement by {@link samplePlan}. ε is in the units of C and is not rescaled; Tong et al. use ε = 2σ² for
 *   a Brownian bridge of noise level σ.
 *
 * Gather with `tf.gather(x0, source)` and `tf.gather(x1, target)` to form the coupled batch. Memory is a few
 * N×M float64 matrices; `'exact'` takes O(N³) time in the worst case (measured on 2-D Gaussian batches in Node:
 * 0.21 s at N = 1024, 1.7 s at N = 2048, growing about 8× per doubling), so keep minibatches to a few thousand.
 *
 * @param x0 - Source batch [N, D], float32; not disposed.
 * @param x1 - Target batch [M, D], float32; not disposed.
 * @param options - The method, and for `'sinkhorn'` ε and a seed.
 * @returns New index arrays of length N, owned by the caller.
 * @throws {@link InvalidArgumentError} for a non-tensor batch, an unknown method, or (for `'sinkhorn'`) a missing
 *   or bad `options.epsilon` or `options.seed`; {@link ShapeError} for a rank other than 2, an empty batch,
 *   a dimension mismatch, or N ≠ M with `'exact'`; {@link ResourceLimitError} naming `x0` when the N·M·8 bytes
 *   of the cost matrix exceed the allocation limit (N = M > 11 585 at the default 1 GiB), before anything is
 *   allocated.
 * @example
 * ```ts
 * const { source, target } = minibatchOtPairing(x0, x1, { method: 'exact' });
 * const x1Paired = tf.gather(x1, tf.tensor1d(target, 'int32'));
 * ```
 * @see Tong et al., "Improving and generalizing flow-based generative models with minibatch optimal transport",
 *   TMLR 2024 (arXiv 2302.00482, 2023).
 */
export function minibatchOtPairing(x0: tf.Tensor, x1: tf.Tensor, options: MinibatchOtOptions): OtPairs {
  const { n, m, d } = assertPointSets(x0, x1, 1, ['x0', 'x1']);
  const method = assertOneOf('options.method', options.method, ['exact', 'sinkhorn'] as const);
  requireMemory('x0', x0.shape, n * m * 8, `[${n}, ${m}] float64 cost matrix`);
  if (method === 'exact') {
    if (m !== n) {
      throw new ShapeError('x1', `[${n}, ${d}]`, x1.shape, "The 'exact' method pairs batches of equal size.");
    }
    const target = exactAssignment(squaredDistances(x0, x1), n);
    return { source: Int32Array.from({ length: n }, (_, i) => i), target };
  }
  const epsilon = assertPositive('options.epsilon', options.epsilon);
  const seed = assertInteger('options.seed', options.seed);
  const { plan } = sinkhorn(squaredDistances(x0, x1), n, m, { epsilon, epsilonScaling: EPSILON_SCALING });
  return samplePlan(plan, n, m, n, seed);
}
