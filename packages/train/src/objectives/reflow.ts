import { InvalidArgumentError, Rng, randomNormal, type Seed, ShapeError } from '@gen/core';
import { assertInteger, assertTensor } from '@gen/core/internal';
import { type SampleOptions, sample } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import type { TrainableField } from '../types.js';
import { assertLossArgs } from './checks.js';
import type { Objective } from './objective.js';
import { pathRegressionLoss, STRAIGHT_PATH } from './path-regression.js';
import { Stream, streamSeed } from './random-streams.js';

/** Couplings (xᵢ, zᵢ) of a flow: zᵢ ~ N(0, I) and xᵢ the point the flow carries it to at t = 0. */
export interface ReflowPairs {
  /** The generated data ends x = φ(z), float32 [M, D]. */
  readonly x: tf.Tensor;
  /** The noise ends z, float32 [M, D]. */
  readonly z: tf.Tensor;
  /** Disposes both tensors. */
  dispose(): void;
}

/**
 * Options of {@link reflowPairs}: the dimension and how `@gen/ode`'s `sample` integrates the flow (`method`, and
 * `steps` or `rtol` / `atol`).
 */
export interface ReflowPairsOptions extends Omit<SampleOptions, 'timeSpan' | 'seed' | 'prior' | 'settings'> {
  /** The data dimension D. */
  dim: number;
}

/**
 * Generates the couplings of one reflow step: draws z ~ N(0, I) and integrates the current model from t = 1 to
 * t = 0 to get x = φ(z).
 *
 * @remarks
 * The coupling (x, z) is deterministic given z, so a flow trained on it with {@link reflow} has straighter paths
 * than the one that produced it (the k-rectified flow of Liu et al. 2023). z is drawn with `seed`; the solve uses
 * `@gen/ode`'s `sample` (adaptive `dopri5` by default).
 *
 * @param model - The current velocity model u(t, x).
 * @param n - The number of pairs M, an integer ≥ 1.
 * @param seed - The seed of z.
 * @param options - The dimension D and the ODE method (method, and steps or rtol / atol).
 * @returns The pairs; the caller owns them and calls `dispose()`.
 * @throws `InvalidArgumentError` naming `n`, `seed`, `options.dim` or a solver option; `NumericalError` when the
 *   solve fails.
 * @example
 * ```ts
 * const pairs = await reflowPairs(model, 10_000, 1, { dim: 2, method: 'rk4', steps: 20 });
 * await train({ model: student, data, objective: reflow(pairs), steps: 2000 });
 * pairs.dispose();
 * ```
 * @see Liu, Gong & Liu, "Flow Straight and Fast: Learning to Generate and Transfer Data with Rectified Flow",
 *   ICLR 2023.
 */
export async function reflowPairs(
  model: TrainableField,
  n: number,
  seed: Seed,
  options: ReflowPairsOptions,
): Promise<ReflowPairs> {
  assertInteger('n', n, 1);
  assertInteger('seed', seed);
  const { dim, ...solver } = options;
  const z = randomNormal([n, assertInteger('options.dim', dim, 1)], seed);
  try {
    const { x } = await sample(model, z, solver);
    return { x, z, dispose: () => tf.dispose([x, z]) };
  } catch (error) {
    z.dispose();
    throw error;
  }
}

/**
 * Rectified-flow training on fixed couplings (reflow): the straight-path regression of {@link rectifiedFlow} on
 * pairs drawn from `pairs` instead of independent ones.
 *
 * @remarks
 * Each call draws N pair indices uniformly with replacement (N = the batch's row count; the seed's coupling
 * stream) and regresses on x_t = (1 − t)·xᵢ + t·zᵢ with target zᵢ − xᵢ, t ~ U[0, 1). The batch's values are not
 * used, only its size and dimension (which must match the pairs), so the trainer can keep sampling the original
 * data set. The objective borrows `pairs`: keep them alive while training and dispose them afterwards.
 *
 * @param pairs - Couplings from {@link reflowPairs} (or any float32 x, z of equal shape [M, D]).
 * @returns The objective (`name` `"reflow"`).
 * @throws `InvalidArgumentError` naming `pairs`, `pairs.x` or `pairs.z` for missing or disposed tensors;
 *   `ShapeError` naming `pairs.z` when its shape differs from `pairs.x`. Its loss throws `ShapeError` naming
 *   `batch` when the batch's D differs from the pairs'.
 * @example
 * ```ts
 * const objective = reflow(await reflowPairs(teacher, 10_000, 1, { dim: 2 }));
 * ```
 * @see Liu, Gong & Liu, "Flow Straight and Fast: Learning to Generate and Transfer Data with Rectified Flow",
 *   ICLR 2023.
 */
export function reflow(pairs: ReflowPairs): Objective {
  if (typeof pairs !== 'object' || pairs === null)
    throw new InvalidArgumentError('pairs', 'reflow pairs { x, z }', pairs);
  const x = assertTensor('pairs.x', pairs.x, { rank: 2, dtype: 'float32' });
  assertTensor('pairs.z', pairs.z, { shape: x.shape, dtype: 'float32' });
  const [m, dim] = x.shape as [number, number];
  return {
    name: 'reflow',
    loss(model, batch, seed) {
      const [n, d] = assertLossArgs(model, batch, seed);
      if (d !== dim) throw new ShapeError('batch', `[N, ${dim}] (the dimension of the reflow pairs)`, batch.shape);
      assertTensor('pairs.x', pairs.x);
      assertTensor('pairs.z', pairs.z);
      const rng = new Rng(streamSeed(seed, Stream.coupling));
      const indices = Int32Array.from({ length: n }, () => rng.integer(m));
      return tf.tidy(() => {
        const picked = tf.tensor1d(indices, 'int32');
        return pathRegressionLoss(model, STRAIGHT_PATH, tf.gather(pairs.x, picked), tf.gather(pairs.z, picked), seed);
      });
    },
  };
}
