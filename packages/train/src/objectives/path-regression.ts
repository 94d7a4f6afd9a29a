import { AffinePath, LinearSchedule, randomNormal, type Seed } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import type { TrainableField } from '../types.js';
import { TRAINING } from './objective.js';
import { Stream, streamSeed, uniformTimes } from './random-streams.js';
import { flattenRows, meanSquaredError, scaleRows } from './tensors.js';

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
 * stream and ε from its perturbation stream. Samples of any shape are regressed as rows of D values (the path works
 * on [N, D]); the model sees x_t in the batch's own shape, with `labels` when given, in a training pass (dropout on).
 *
 * @param model - The velocity model.
 * @param path - The affine path between x (t = 0) and z (t = 1).
 * @param x - Data [N, ...sampleShape]; not disposed.
 * @param z - Their coupled noise, shaped like x; not disposed.
 * @param seed - The loss call's seed.
 * @param noise - Optional Gaussian noise around the path.
 * @param labels - Class labels int32 [N] for `model.forwardTimes`, already checked; not disposed.
 * @returns The loss, a new float32 scalar.
 */
export function pathRegressionLoss(
  model: TrainableField,
  path: AffinePath,
  x: tf.Tensor,
  z: tf.Tensor,
  seed: Seed,
  noise?: PathNoise,
  labels?: tf.Tensor,
): tf.Scalar {
  return tf.tidy(() => {
    const times = uniformTimes(x.shape[0] as number, seed);
    const [rows, noiseRows] = [flattenRows(x), flattenRows(z)];
    let xt = path.sample(rows, noiseRows, times);
    let target = path.velocity(rows, noiseRows, times);
    if (noise !== undefined) {
      const epsilon = randomNormal(rows.shape, streamSeed(seed, Stream.perturbation));
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
    const prediction = model.forwardTimes(tf.tensor1d(times), tf.reshape(xt, x.shape), labels, TRAINING);
    return meanSquaredError(flattenRows(prediction), target);
  });
}
