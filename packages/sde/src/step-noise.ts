import { deriveSeed, InvalidArgumentError, randomNormal, ShapeError } from '@gen/core';
import { formatShape } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import type { StepNoise } from './solvers/index.js';
import type { BrownianSource, Sde } from './types.js';

/** The noise of the step with index `step` from `ta` to `tb`; the caller owns the tensors. */
export type StepNoiseSource = (step: number, ta: number, tb: number) => StepNoise;

/**
 * Where each step's noise comes from: the caller's Brownian source (checked for shape and Lévy-area support), or
 * fresh seeded draws per step — ΔW ~ N(0, |h|) and, when needed, the independent space-time Lévy area
 * H ~ N(0, |h|/12) — which are exactly the law of a Brownian motion on the solve's grid.
 *
 * @param bm - `options.bm`, or undefined for seeded draws.
 * @param shape - The Brownian motion's shape for this SDE and state.
 * @param seed - The seed of the draws (step k draws from `deriveSeed(seed, k, 0)` and `deriveSeed(seed, k, 1)`).
 * @param withArea - Whether steps need the space-time Lévy area.
 * @param noiseType - The SDE's noise type (for the message).
 * @returns The source.
 * @throws `ShapeError` naming `options.bm` for a source of the wrong shape; `InvalidArgumentError` naming it when
 *   the method needs Lévy areas the source cannot give.
 */
export function stepNoiseSource(
  bm: BrownianSource | undefined,
  shape: number[],
  seed: number,
  withArea: boolean,
  noiseType: Sde['noise'],
): StepNoiseSource {
  if (bm === undefined) {
    return (step, ta, tb) => {
      const scale = Math.sqrt(Math.abs(tb - ta));
      const dW = randomNormal(shape, deriveSeed(seed, step, 0), 0, scale);
      return withArea
        ? { dW, levyArea: randomNormal(shape, deriveSeed(seed, step, 1), 0, scale / Math.sqrt(12)) }
        : { dW };
    };
  }
  if (!tf.util.arraysEqual([...bm.shape], shape)) {
    throw new ShapeError('options.bm', `a Brownian motion of shape ${formatShape(shape)} for ${noiseType} noise`, [
      ...bm.shape,
    ]);
  }
  const area = bm.spaceTimeLevyArea?.bind(bm);
  if (withArea && area === undefined) {
    throw new InvalidArgumentError('options.bm', 'a Brownian source with spaceTimeLevyArea (needed by "srk")', bm);
  }
  return (_step, ta, tb) => {
    const dW = bm.increment(ta, tb);
    return withArea && area !== undefined ? { dW, levyArea: area(Math.min(ta, tb), Math.max(ta, tb)) } : { dW };
  };
}
