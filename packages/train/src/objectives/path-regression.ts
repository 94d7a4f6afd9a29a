import { AffinePath, LinearSchedule, randomNormal, type Seed } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import type { TrainableField } from '../types.js';
import { Stream, streamSeed, uniformTimes } from './random-streams.js';
import { meanSquaredError, scaleRows } from './tensors.js';

/** The straight path x_t = (1 − t)·x_data + t·z of rectified flow and OT-CFM. */
export const STRAIGHT_PATH = new AffinePath(new LinearSchedule());

/**
 * Extra Gaussian noise around a path: x_t = μ_t + s(t)·ε with ε ~ N(0, I), whose conditional velocity gains
 * ṡ(t)·ε.
 */
export interface PathNoise {
  /** The noise scale s(t). */
  std(t: number): number;
  /** Its time derivative ṡ(t) (finite on [0, 1]). */
  dStd(t: number): number;
}

/**
 * The conditional flow-matching regression on coupled pairs (xᵢ, zᵢ): mean ‖u_θ(tᵢ, x_tᵢ) − u_tᵢ‖² with
 * t ~ U[0, 1).
 *
 * @remarks
 * With μ_t = α_t·x + σ_t·z from `path`, x_t = μ_t + s(t)·ε and the target u_t = α̇_t·x + σ̇_t·z + ṡ(t)·ε (the
 * velocity of the conditional path; the s-terms only when `noise` is given). Times come from the seed's times
 * stream and ε from its perturbation stream.
 *
 * @param model - The velocity model.
 * @param path - The affine path between x (t = 0) and z (t = 1).
 * @param x - Data points [N, D]; not disposed.
 * @param z - Their coupled noise points [N, D]; not disposed.
 * @param seed - The loss call's seed.
 * @param noise - Optional Gaussian noise around the path.
 * @returns The loss, a new float32 scalar.
 */
export function pathRegressionLoss(
  model: TrainableField,
  path: AffinePath,
  x: tf.Tensor,
  z: tf.Tensor,
  seed: Seed,
  noise?: PathNoise,
): tf.Scalar {
  return tf.tidy(() => {
    const times = uniformTimes(x.shape[0] as number, seed);
    let xt = path.sample(x, z, times);
    let target = path.velocity(x, z, times);
    if (noise !== undefined) {
      const epsilon = randomNormal(x.shape, streamSeed(seed, Stream.perturbation));
      xt = tf.add(
        xt,
        scaleRows(
          epsilon,
          times.map((t) => noise.std(t)),
        ),
      );
      target = tf.add(
        target,
        scaleRows(
          epsilon,
          times.map((t) => noise.dStd(t)),
        ),
      );
    }
    return meanSquaredError(model.forwardTimes(tf.tensor1d(times), xt), target);
  });
}
