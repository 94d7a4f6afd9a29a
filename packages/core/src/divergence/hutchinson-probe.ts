import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Seed } from '../random/hash.js';
import { randomNormal, randomRademacher } from '../random/tensors.js';
import { assertInteger, assertOneOf } from '../validation/numbers.js';

/** The distribution of a Hutchinson probe: ±1 with probability ½ each, or standard normal. */
export type ProbeKind = 'rademacher' | 'gaussian';

const PROBE_KINDS: readonly ProbeKind[] = ['rademacher', 'gaussian'];

/**
 * A probe ε for {@link divergenceHutchinson}, drawn on the host from a seed (the same on every backend).
 *
 * @remarks
 * Both kinds satisfy E[ε] = 0 and E[εεᵀ] = I, so εᵀJε is unbiased for tr J. With S = (J + Jᵀ)/2, Rademacher
 * probes give variance 2·‖S − diag(S)‖²_F, never more than the Gaussian's 2·‖S‖²_F, so Rademacher is the
 * default. Draw one probe per ODE solve and reuse it at every step.
 *
 * @param shape - [N, D], both positive integers: the shape of the batch the probe will serve.
 * @param seed - A non-negative safe integer.
 * @param kind - `'rademacher'` (default) or `'gaussian'`.
 * @returns A float32 tensor [N, D], owned by the caller.
 * @throws {@link InvalidArgumentError} for a shape that is not two positive integers, a bad seed, or an
 *   unknown kind.
 * @example
 * ```ts
 * const probe = hutchinsonProbe([1024, 2], 7);   // ±1 entries
 * const gauss = hutchinsonProbe([1024, 2], 7, 'gaussian');
 * tf.dispose([probe, gauss]);
 * ```
 * @see M. F. Hutchinson, "A stochastic estimator of the trace of the influence matrix for Laplacian smoothing
 *   splines", Communications in Statistics – Simulation and Computation 18(3), 1989.
 */
export function hutchinsonProbe(
  shape: readonly [number, number],
  seed: Seed,
  kind: ProbeKind = 'rademacher',
): tf.Tensor {
  if (!Array.isArray(shape) || shape.length !== 2) {
    throw new InvalidArgumentError('shape', 'a pair [N, D] of positive integers', shape);
  }
  assertInteger('shape[0]', shape[0], 1);
  assertInteger('shape[1]', shape[1], 1);
  assertInteger('seed', seed);
  return assertOneOf('kind', kind, PROBE_KINDS) === 'rademacher'
    ? randomRademacher(shape, seed)
    : randomNormal(shape, seed);
}
