/**
 * The logistic function 1 / (1 + e⁻ˣ) in float64.
 *
 * @remarks
 * Accurate in relative terms in the lower tail (e⁻ˣ overflows to ∞ and the result to 0 only below x ≈ −709) and
 * in absolute terms in the upper tail; sigmoid(−x) = 1 − sigmoid(x) is therefore computed as `sigmoid(-x)`,
 * never as a difference.
 *
 * @param x - Any number.
 * @returns sigmoid(x) in [0, 1].
 * @example
 * ```ts
 * sigmoid(0); // 0.5
 * ```
 */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
