import * as tf from '@tensorflow/tfjs';
import { GEN_LINEAR_COMBINATION, linearCombination } from '../../../kernels/linear-combination.js';
import { FLOAT32_EPS } from '../../tolerance.js';
import type { KernelCase } from '../kernel-case.js';
import { uniformInput } from '../kernel-input.js';

/** Irregular coefficients such as h·aᵢⱼ of a Runge–Kutta tableau: none 0 or 1, so every term is scaled. */
function coefficients(count: number): number[] {
  return Array.from({ length: count }, (_, i) => ((i % 2 === 0 ? 1 : -1) * (i + 1.37)) / 7.3);
}

/** The composite `linearCombination` falls back to without a fused kernel: one `addN` of the scaled terms. */
function composite(base: tf.Tensor, terms: readonly tf.Tensor[], weights: readonly number[]): tf.Tensor {
  return tf.addN([base, ...terms.map((t, i) => tf.mul(t, weights[i] as number))]);
}

/**
 * The error bound of base + Σ cᵢ·termᵢ on inputs in [−1, 1): each side rounds k products and k sums of magnitude
 * at most 1 + Σ|cᵢ|, so two implementations differ by at most 2(k + 1)·eps·(1 + Σ|cᵢ|).
 */
function bound(weights: readonly number[]): { atol: number; rtol: number } {
  const scale = 1 + weights.reduce((s, c) => s + Math.abs(c), 0);
  return { atol: 2 * (weights.length + 1) * FLOAT32_EPS * scale, rtol: 0 };
}

const FORWARD: readonly [number[], number][] = [
  [[], 1],
  [[7], 2],
  [[3, 5], 3],
  [[2, 3, 4], 4],
  [[64, 33], 6],
  [[1000], 12],
];

/**
 * `GenLinearCombination` through `@gen/core`'s {@link linearCombination} (the fused kernel where the backend
 * registers one) against the composite `addN` path on the reference backend, forwards and through `tf.grads`.
 */
export const LINEAR_COMBINATION_CASES: readonly KernelCase[] = [
  ...FORWARD.map(([shape, k]): KernelCase => {
    const weights = coefficients(k);
    return {
      name: `${GEN_LINEAR_COMBINATION}: base + ${k} term${k === 1 ? '' : 's'} of shape [${shape.join(', ')}]`,
      kernels: [GEN_LINEAR_COMBINATION],
      inputs: Array.from({ length: k + 1 }, () => uniformInput(shape)),
      run: (base, ...terms) => linearCombination(base, terms, weights),
      reference: (base, ...terms) => composite(base, terms, weights),
      tolerance: bound(weights),
    };
  }),
  (() => {
    const weights = [0.375, -1.25, 2.5];
    const gradients =
      (combine: (base: tf.Tensor, terms: tf.Tensor[]) => tf.Tensor) =>
      (w: tf.Tensor, ...xs: tf.Tensor[]) =>
        tf.grads((...ys: tf.Tensor[]) => tf.sum(tf.mul(tf.square(combine(ys[0] as tf.Tensor, ys.slice(1))), w)))(xs);
    return {
      name: `${GEN_LINEAR_COMBINATION}: tf.grads of Σ w·(base + Σ cᵢ·termᵢ)² for base and 3 terms [4, 6]`,
      kernels: [GEN_LINEAR_COMBINATION],
      inputs: Array.from({ length: 5 }, () => uniformInput([4, 6])),
      run: gradients((base, terms) => linearCombination(base, terms, weights)),
      reference: gradients((base, terms) => composite(base, terms, weights)),
      // The gradient 2w·y·cᵢ multiplies the forward error by at most 2·max|cᵢ| = 5 and rounds twice more.
      tolerance: { atol: 8 * bound(weights).atol, rtol: 0 },
    };
  })(),
];
