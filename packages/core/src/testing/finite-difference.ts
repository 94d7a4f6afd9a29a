import * as tf from '@tensorflow/tfjs';

/**
 * The gradient of a scalar loss with respect to variables by central differences, entry by entry: the reference
 * that autodiff and adjoint gradients are tested against.
 *
 * @remarks
 * For each entry θᵢ, (L(θ + εeᵢ) − L(θ − εeᵢ)) / 2ε, with every variable restored afterwards. Costs 2·(total size)
 * loss evaluations; the truncation error is O(ε²) and the float32 rounding error O(eps·|L|/ε), so ε ≈ 1e-2 suits
 * float32 losses of order one.
 *
 * @param loss - Evaluates the loss as a JS number from the variables' current values (must not leak tensors).
 * @param variables - The variables to perturb; restored to their values on return.
 * @param epsilon - The half-width of the difference (default 1e-2).
 * @returns The gradient entries, flattened variable by variable in the given order.
 * @example
 * ```ts
 * const numeric = centralDifferenceGradient(() => tf.tidy(() => loss().dataSync()[0] as number), [w, b]);
 * ```
 */
export function centralDifferenceGradient(
  loss: () => number,
  variables: readonly tf.Variable[],
  epsilon = 1e-2,
): number[] {
  const gradient: number[] = [];
  for (const variable of variables) {
    const base = variable.dataSync().slice();
    const at = (i: number, delta: number): number => {
      const shifted = Float32Array.from(base);
      shifted[i] = (shifted[i] as number) + delta;
      tf.tidy(() => variable.assign(tf.tensor(shifted, variable.shape)));
      return loss();
    };
    for (let i = 0; i < base.length; i += 1) gradient.push((at(i, epsilon) - at(i, -epsilon)) / (2 * epsilon));
    tf.tidy(() => variable.assign(tf.tensor(base, variable.shape)));
  }
  return gradient;
}
