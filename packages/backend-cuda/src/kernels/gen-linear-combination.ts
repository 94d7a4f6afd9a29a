import { GEN_LINEAR_COMBINATION } from '@gen/core/internal';
import type * as tf from '@tensorflow/tfjs';
import { cudaKernel } from '../kernel-utils/cuda-kernel.js';
import { assertDtype } from '../kernel-utils/dtype.js';
import { linearCombinationTensor } from '../kernel-utils/linear-combination.js';

/**
 * `GenLinearCombination` (`@gen/core`'s `linearCombination`: the Runge–Kutta stage update y + h·Σ aᵢⱼkⱼ) on the
 * cuda backend: `base + Σᵢ coefficients[i]·termᵢ` in one launch, instead of k multiplications and an AddN.
 *
 * @remarks
 * Inputs `base`, `term0 … term{k−1}` (float32, one shape); attribute `coefficients: number[]` of length k.
 */
export const genLinearCombinationConfig: tf.KernelConfig = cudaKernel<
  Record<string, tf.TensorInfo>,
  { coefficients: number[] }
>(GEN_LINEAR_COMBINATION, (inputs, { coefficients }, backend) => {
  const base = inputs.base as tf.TensorInfo;
  const terms = coefficients.map((_, i) => inputs[`term${i}`] as tf.TensorInfo);
  for (const x of [base, ...terms]) assertDtype(GEN_LINEAR_COMBINATION, x.dtype, ['float32']);
  return linearCombinationTensor(backend, base, terms, coefficients);
});
