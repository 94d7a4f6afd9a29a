import { ShapeError } from '@gen/core';
import { formatShape } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { NoiseType, Sde } from './types.js';

/**
 * The shape of the Brownian motion driving an SDE on states of shape `stateShape` ([N, D]).
 *
 * @param sde - The SDE (its noise type and, for general noise, `brownianDim`).
 * @param stateShape - The state's shape [N, D].
 * @returns [N, D] for diagonal and additive noise, [N, 1] for scalar noise, [N, M] for general noise.
 */
export function brownianShape(sde: Sde, stateShape: readonly number[]): number[] {
  const [n = 0, d = 0] = stateShape;
  switch (sde.noise) {
    case 'scalar':
      return [n, 1];
    case 'general':
      return [n, sde.brownianDim ?? 0];
    default:
      return [n, d];
  }
}

/**
 * The expected shape of g(t, x) for a noise type, as text and as a check.
 *
 * @param noise - The noise type.
 * @param stateShape - The state's shape [N, D].
 * @param brownianDim - M for general noise.
 * @returns The expected shape ([N, D] or [N, D, M]).
 */
export function diffusionShape(
  noise: NoiseType,
  stateShape: readonly number[],
  brownianDim: number | undefined,
): number[] {
  return noise === 'general' ? [...stateShape, brownianDim ?? 0] : [...stateShape];
}

/**
 * Checks a diffusion value against its noise type, once, at the first evaluation.
 *
 * @param g - The value of `sde.diffusion(t, x)`.
 * @param sde - The SDE.
 * @param stateShape - The state's shape.
 * @throws {@link ShapeError} naming `sde.diffusion(t, x)` when the shape does not fit the noise type.
 */
export function checkDiffusion(g: tf.Tensor, sde: Sde, stateShape: readonly number[]): void {
  const expected = diffusionShape(sde.noise, stateShape, sde.brownianDim);
  if (!tf.util.arraysEqual(g.shape, expected)) {
    throw new ShapeError(
      'sde.diffusion(t, x)',
      `${formatShape(expected)} for ${sde.noise} noise`,
      g.shape,
      sde.noise === 'general'
        ? 'General noise needs g of shape [N, D, M].'
        : 'Return one diffusion value per state entry.',
    );
  }
}

/**
 * The stochastic term g·ΔW for a noise type: g ⊙ ΔW (diagonal, additive), g·ΔW broadcast over D (scalar), or the
 * batched matrix–vector product g[n]·ΔW[n] (general).
 *
 * @param noise - The noise type.
 * @param g - The diffusion value ([N, D] or [N, D, M]); not disposed.
 * @param dW - The Brownian increment ([N, D], [N, 1] or [N, M]); not disposed.
 * @returns A new [N, D] tensor owned by the caller.
 */
export function applyDiffusion(noise: NoiseType, g: tf.Tensor, dW: tf.Tensor): tf.Tensor {
  if (noise !== 'general') return tf.mul(g, dW);
  return tf.tidy(() => tf.squeeze(tf.matMul(g as tf.Tensor3D, tf.expandDims(dW, 2) as tf.Tensor3D), [2]));
}
