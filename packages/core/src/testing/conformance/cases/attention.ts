import * as tf from '@tensorflow/tfjs';
import type { KernelCase } from '../kernel-case.js';
import { uniformInput } from '../kernel-input.js';
import { caseOf } from './case-of.js';
import { sumTolerance } from './sum-tolerance.js';

/** Positions (H·W of a 4×4 feature map) and channels per head of the attention cases. */
const POSITIONS = 16;
const HEAD = 8;

/** softmax(q·kᵀ/√d)·v over the positions, per batch entry: one head of gen's U-Net attention. */
function attention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor): tf.Tensor {
  return tf.matMul(tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(HEAD))), v);
}

const QKV = [
  uniformInput([2, POSITIONS, HEAD]),
  uniformInput([2, POSITIONS, HEAD]),
  uniformInput([2, POSITIONS, HEAD]),
];

/**
 * `Softmax` over the last axis (moderate and large logits, where the maximum must be subtracted first), and
 * self-attention as gen's U-Net computes it, softmax(q·kᵀ/√d)·v with `BatchMatMul` and `transposeB`, forwards and
 * through `tf.grads` for q, k and v (the softmax gradient and transposed products).
 */
export const ATTENTION_CASES: readonly KernelCase[] = [
  caseOf('Softmax', 'last axis of [2, 16, 16] in [−4, 4)', [uniformInput([2, 16, 16], -4, 4)], (x) => tf.softmax(x)),
  caseOf(
    'Softmax',
    'last axis of [3, 7] in [−60, 60) (needs the maximum subtracted)',
    [uniformInput([3, 7], -60, 60)],
    (x) => tf.softmax(x),
  ),
  {
    name: `attention: softmax(q·kᵀ/√${HEAD})·v, q, k, v [2, ${POSITIONS}, ${HEAD}]`,
    kernels: ['BatchMatMul', 'Softmax'],
    inputs: QKV,
    run: (q, k, v) => attention(q as tf.Tensor, k as tf.Tensor, v as tf.Tensor),
    tolerance: sumTolerance(HEAD + POSITIONS),
  },
  {
    name: `attention: tf.grads of Σ w·softmax(q·kᵀ/√${HEAD})·v for q, k and v [2, ${POSITIONS}, ${HEAD}]`,
    kernels: ['BatchMatMul', 'Softmax', 'Multiply', 'Sum', 'Sub'],
    inputs: [...QKV, uniformInput([2, POSITIONS, HEAD])],
    run: (q, k, v, w) =>
      tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(attention(a, b, c), w as tf.Tensor)))([
        q as tf.Tensor,
        k as tf.Tensor,
        v as tf.Tensor,
      ]),
    // Sums of the positions and channels through two products and the softmax's Jacobian.
    tolerance: sumTolerance(4 * (HEAD + POSITIONS)),
  },
];
