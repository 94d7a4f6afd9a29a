import * as tf from '@tensorflow/tfjs';
import type { KernelCase } from '../kernel-case.js';
import { uniformInput } from '../kernel-input.js';
import { caseOf } from './case-of.js';
import { sumTolerance } from './sum-tolerance.js';

/** Groups of the GroupNorm cases: 8 channels in 2 groups of 4. */
const GROUPS = 2;
const X_SHAPE = [2, 4, 4, 8] as const;

/**
 * GroupNorm as gen's U-Net computes it on NHWC: x reshaped to [n, h, w, groups, c/groups], mean and variance over
 * (h, w, c/groups), (x − mean)·rsqrt(variance + 1e-5), reshaped back, then ·γ + β per channel.
 */
function groupNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const grouped = tf.reshape(x, [n, h, w, GROUPS, c / GROUPS]);
  const { mean, variance } = tf.moments(grouped, [1, 2, 4], true);
  const normalised = tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, 1e-5)));
  return tf.add(tf.mul(tf.reshape(normalised, [n, h, w, c]), gamma), beta);
}

/** Entries each group's statistics sum over. */
const GROUP_SIZE = (X_SHAPE[1] * X_SHAPE[2] * X_SHAPE[3]) / GROUPS;

/**
 * The pieces of GroupNorm: `Mean` over the spatial axes, the variance (`Sub`, `Square`, `Mean`, as `tf.moments`
 * computes it), `Rsqrt`, and GroupNorm itself forwards and through `tf.grads` for x, γ and β.
 */
export const NORMALISATION_CASES: readonly KernelCase[] = [
  caseOf(
    'Mean',
    'axes [1, 2, 4] of [2, 4, 4, 2, 4], keepDims (GroupNorm statistics)',
    [uniformInput([2, 4, 4, 2, 4])],
    (x) => tf.mean(x, [1, 2, 4], true),
  ),
  {
    name: 'Square: variance over axes [1, 2, 4] of [2, 4, 4, 2, 4] by tf.moments (Sub, Square, Mean)',
    kernels: ['Mean', 'Sub', 'Square'],
    inputs: [uniformInput([2, 4, 4, 2, 4])],
    run: (x) => tf.moments(x, [1, 2, 4], true).variance,
    tolerance: sumTolerance(GROUP_SIZE, 1 / GROUP_SIZE),
  },
  caseOf('Rsqrt', 'variances + 1e-5, [2, 1, 1, 2, 1] in [1e-3, 2)', [uniformInput([2, 1, 1, 2, 1], 1e-3, 2)], (v) =>
    tf.rsqrt(tf.add(v, 1e-5)),
  ),
  {
    name: `GroupNorm (${GROUPS} groups): x [${X_SHAPE.join(', ')}], γ and β [${X_SHAPE[3]}]`,
    kernels: ['Reshape', 'Mean', 'Square', 'Sub', 'Rsqrt', 'Multiply', 'Add'],
    inputs: [uniformInput(X_SHAPE), uniformInput([X_SHAPE[3]], 0.5, 1.5), uniformInput([X_SHAPE[3]], -0.5, 0.5)],
    run: (x, gamma, beta) => groupNorm(x as tf.Tensor, gamma as tf.Tensor, beta as tf.Tensor),
    // Normalised values of order one carry the relative error of the group's mean and variance, sums of 64 terms.
    tolerance: sumTolerance(GROUP_SIZE, 4),
  },
  {
    name: `GroupNorm (${GROUPS} groups): tf.grads of Σ w·GroupNorm(x) for x, γ and β`,
    kernels: ['Reshape', 'Mean', 'Square', 'Sub', 'Rsqrt', 'Multiply', 'Add', 'Sum'],
    inputs: [
      uniformInput(X_SHAPE),
      uniformInput([X_SHAPE[3]], 0.5, 1.5),
      uniformInput([X_SHAPE[3]], -0.5, 0.5),
      uniformInput(X_SHAPE),
    ],
    run: (x, gamma, beta, w) =>
      tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(groupNorm(a, g, b), w as tf.Tensor)))([
        x as tf.Tensor,
        gamma as tf.Tensor,
        beta as tf.Tensor,
      ]),
    // γ's and β's gradients sum 32 entries per channel; x's passes back through both group sums (divided by √var).
    tolerance: sumTolerance(GROUP_SIZE, 8),
  },
];
