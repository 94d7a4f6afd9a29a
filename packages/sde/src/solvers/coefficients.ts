import { evaluateField } from '@gen/core/internal';
import type * as tf from '@tensorflow/tfjs';
import { checkDiffusion } from '../noise.js';
import type { Sde } from '../types.js';

/**
 * Evaluates the drift f(t, x) as every SDE solver does: through `evaluateField` of `@gen/core` (inside `tf.tidy`,
 * the value cloned, so a drift may allocate intermediates, return `x` or a tensor it keeps).
 *
 * @param sde - The SDE.
 * @param t - The time.
 * @param x - The state [N, D]; not disposed.
 * @returns f(t, x) [N, D], owned by the caller.
 * @throws `ShapeError` / `InvalidArgumentError` naming `sde.drift(t, x)` when the value is not a tensor shaped like
 *   `x` (a Promise included); whatever the drift throws, after freeing what it allocated.
 * @example
 * ```ts
 * const f = driftAt(sde, 0.5, x);
 * ```
 */
export function driftAt(sde: Sde, t: number, x: tf.Tensor): tf.Tensor {
  return evaluateField((s, y) => sde.drift(s, y), t, x, 'sde.drift(t, x)');
}

/**
 * Evaluates the diffusion g(t, x) as every SDE solver does (see {@link driftAt}), checking its shape against the
 * noise type.
 *
 * @param sde - The SDE.
 * @param t - The time.
 * @param x - The state [N, D]; not disposed.
 * @returns g(t, x) ([N, D], or [N, D, M] for general noise), owned by the caller.
 * @throws `ShapeError` naming `sde.diffusion(t, x)` when the shape does not fit the noise type;
 *   `InvalidArgumentError` naming it when the value is not a tensor (a Promise included); whatever the diffusion
 *   throws, after freeing what it allocated.
 * @example
 * ```ts
 * const g = diffusionAt(sde, 0.5, x);
 * ```
 */
export function diffusionAt(sde: Sde, t: number, x: tf.Tensor): tf.Tensor {
  const g = evaluateField((s, y) => sde.diffusion(s, y), t, x, 'sde.diffusion(t, x)', null);
  try {
    checkDiffusion(g, sde, x.shape);
    return g;
  } catch (error) {
    g.dispose();
    throw error;
  }
}
