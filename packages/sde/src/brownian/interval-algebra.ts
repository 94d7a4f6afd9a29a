/**
 * The Brownian increment W_st = W(t) − W(s) and the space-time Lévy area
 * H_st = (1/h)∫ₛᵗ (W(r) − W(s) − (r − s)/h·W_st) dr (h = t − s) of one interval, one float64 entry per entry of
 * the Brownian motion.
 *
 * @remarks
 * Arrays held by a {@link BrownianTree} node are shared with its cache: read them, never write them.
 */
export interface IntervalValues {
  /** W_st, length prod(shape). */
  readonly w: Float64Array;
  /** H_st, length prod(shape). */
  readonly h: Float64Array;
}

/** {@link IntervalValues} together with the interval's length, in any fixed unit (the tree uses leaf widths). */
export interface Piece extends IntervalValues {
  /** The interval's length t − s, ≥ 0. */
  readonly length: number;
}

/**
 * The values of [a, c] from those of two adjacent pieces [a, b] and [b, c].
 *
 * @remarks
 * With h₁ = b − a, h₂ = c − b, h = h₁ + h₂, and ∫ₛᵗ (W(r) − W(s)) dr = h·H_st + ½h·W_st for any interval of length
 * h, splitting ∫ₐᶜ (W(r) − W(a)) dr at b gives
 *
 *   h·H_ac + ½h·W_ac = h₁H_ab + ½h₁W_ab + h₂H_bc + ½h₂W_bc + h₂W_ab,
 *
 * hence, with W_ac = W_ab + W_bc,
 *
 *   H_ac = (h₁H_ab + h₂H_bc)/h + (h₂W_ab − h₁W_bc)/(2h).
 *
 * For equal halves this is the parent identity H_ac = ½(H_ab + H_bc) + ¼(W_ab − W_bc). The identity holds for
 * every continuous path, so folding any partition of an interval gives the interval's values (up to float64
 * rounding).
 *
 * @param first - The left piece [a, b]; read only.
 * @param second - The right piece [b, c], same number of entries; read only.
 * @returns A new piece [a, c] with fresh arrays.
 * @example
 * ```ts
 * const whole = concatenate(left, right); // whole.length === left.length + right.length
 * ```
 * @see Foster, Lyons & Oberhauser, "An optimal polynomial approximation of Brownian motion", SIAM J. Numer.
 *   Anal. 2020.
 */
export function concatenate(first: Piece, second: Piece): Piece {
  const length = first.length + second.length;
  const size = first.w.length;
  const w = new Float64Array(size);
  const h = new Float64Array(size);
  const h1 = first.length / length;
  const h2 = second.length / length;
  for (let k = 0; k < size; k += 1) {
    const w1 = first.w[k] as number;
    const w2 = second.w[k] as number;
    w[k] = w1 + w2;
    h[k] = h1 * (first.h[k] as number) + h2 * (second.h[k] as number) + 0.5 * (h2 * w1 - h1 * w2);
  }
  return { w, h, length };
}

/**
 * The values of the sub-interval [from, to] (fractions of the leaf, 0 ≤ from ≤ to ≤ 1) of a leaf interval, read
 * off the Brownian bridge mean given the leaf's W and H.
 *
 * @remarks
 * On a leaf of length Δ with values (w, η), write B(θ) = W(s + θΔ) − W(s) − θw for the Brownian bridge, which is
 * independent of w. Its covariance is Δ·min(θ, φ)(1 − max(θ, φ)), so Cov(B(θ), H) = ∫₀¹ Δ·min(θ, φ)(1 − max(θ, φ))
 * dφ = ½Δθ(1 − θ) and Var H = Δ/12. Gaussian conditioning gives the mean path
 *
 *   μ(θ) = E[W(s + θΔ) − W(s) | w, η] = θw + 6θ(1 − θ)η,
 *
 * with conditional variance Δθ(1 − θ)(1 − 3θ(1 − θ)) ≤ Δ/16 (the error of the approximation). The sub-interval
 * gets the values of the path μ: W = μ(to) − μ(from), and since μ is a quadratic with θ² coefficient −6η, its
 * bridge residual over a piece of relative length φ = to − from is −6η(θ − from)(θ − to), whose mean is
 * H = η·φ². For from = 0, to = 1 this returns (w, η) itself.
 *
 * @param leaf - The leaf's values; read only.
 * @param from - Start, as a fraction of the leaf.
 * @param to - End, as a fraction of the leaf, ≥ `from`.
 * @returns A new piece of length `to − from` (in leaf widths).
 * @example
 * ```ts
 * const half = bridgeMeanPiece(leaf, 0, 0.5); // W = ½w + 1.5η, H = η/4
 * ```
 */
export function bridgeMeanPiece(leaf: IntervalValues, from: number, to: number): Piece {
  const size = leaf.w.length;
  const w = new Float64Array(size);
  const h = new Float64Array(size);
  const length = to - from;
  const dBump = 6 * (to * (1 - to) - from * (1 - from));
  const squared = length * length;
  for (let k = 0; k < size; k += 1) {
    const eta = leaf.h[k] as number;
    w[k] = length * (leaf.w[k] as number) + dBump * eta;
    h[k] = squared * eta;
  }
  return { w, h, length };
}
