import * as tf from '@tensorflow/tfjs';
import { warnIfUnchosenCpuBackend } from '../backend/cpu-backend-warning.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeError } from '../errors/shape-error.js';

/**
 * The kernel name a backend registers (with `tf.registerKernel`) to fuse {@link linearCombination} into one
 * pass. Inputs: `base` and `term0 … term{k−1}` (all of one shape, float32); attribute `coefficients: number[]`
 * of length k; output: `base + Σ coefficients[i]·term_i`, same shape.
 */
export const GEN_LINEAR_COMBINATION = 'GenLinearCombination';

/**
 * y = base + Σᵢ cᵢ·termᵢ in as few tfjs operations as the active backend allows: the Runge–Kutta stage update
 * y + h·Σ aᵢⱼkⱼ and every other weighted sum of same-shaped tensors.
 *
 * @remarks
 * Coefficients are float64 JS numbers (products such as h·aᵢⱼ are formed on the host, never on the device).
 * Terms with coefficient 0 are skipped. When the active backend has registered a kernel named
 * `'GenLinearCombination'` (a fused shader or native loop) it runs that; otherwise it falls back to a
 * composite of one `addN` over the terms, each scaled by a multiplication unless its coefficient is 1.
 * Differentiable either way (the composite through tfjs autodiff; a fused kernel must register its gradient).
 * In Node, the first call on tfjs's cpu backend without `initBackend` prints gen's one-time slow-backend
 * warning.
 *
 * @param base - The tensor to add to; not disposed.
 * @param terms - Tensors of the same shape as `base`; not disposed.
 * @param coefficients - One finite number per term.
 * @returns A new tensor of `base`'s shape, owned by the caller (a fresh tensor even when every coefficient is 0).
 * @throws {@link InvalidArgumentError} when lengths differ or a coefficient is not finite; {@link ShapeError} when
 *   a term's shape differs from `base`'s.
 * @example
 * ```ts
 * const y1 = linearCombination(y0, [k1, k2], [h / 2, h / 2]); // y0 + h/2·k1 + h/2·k2
 * ```
 */
export function linearCombination(
  base: tf.Tensor,
  terms: readonly tf.Tensor[],
  coefficients: readonly number[],
): tf.Tensor {
  if (terms.length !== coefficients.length) {
    throw new InvalidArgumentError('coefficients', `${terms.length} coefficients (one per term)`, coefficients);
  }
  const used: tf.Tensor[] = [];
  const weights: number[] = [];
  for (const [i, c] of coefficients.entries()) {
    if (!Number.isFinite(c)) throw new InvalidArgumentError(`coefficients[${i}]`, 'a finite number', c);
    const term = terms[i] as tf.Tensor;
    if (!tf.util.arraysEqual(term.shape, base.shape)) {
      throw new ShapeError(`terms[${i}]`, `[${base.shape.join(', ')}] (the shape of base)`, term.shape);
    }
    if (c !== 0) {
      used.push(term);
      weights.push(c);
    }
  }
  warnIfUnchosenCpuBackend(); // every ODE and SDE solve passes here: the one hook of the slow-backend warning
  if (used.length === 0) return tf.clone(base);
  if (tf.getKernel(GEN_LINEAR_COMBINATION, tf.getBackend()) !== undefined) {
    const inputs: tf.NamedTensorMap = { base };
    for (const [i, term] of used.entries()) inputs[`term${i}`] = term;
    const attrs = { coefficients: weights } as unknown as tf.NamedAttrMap;
    return tf.engine().runKernel(GEN_LINEAR_COMBINATION, inputs, attrs) as tf.Tensor;
  }
  return tf.tidy(() =>
    tf.addN([base, ...used.map((term, i) => (weights[i] === 1 ? term : tf.mul(term, weights[i] as number)))]),
  );
}
