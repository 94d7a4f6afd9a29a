import type { Rng } from '@gen/core';
import type { IntervalValues } from './interval-algebra.js';

/**
 * Draws the values of a whole interval: W ~ N(0, Δ) and H ~ N(0, Δ/12), independent, for each entry.
 *
 * @remarks
 * W and the bridge B(θ) = W(s + θΔ) − W(s) − θW are independent, and H = ∫₀¹ B(θ) dθ is a linear functional of
 * the bridge, so W ⟂ H, and Var H = ∫₀¹∫₀¹ Δ·min(θ, φ)(1 − max(θ, φ)) dθ dφ = Δ/12.
 *
 * @param size - The number of entries, prod(shape).
 * @param length - The interval's length Δ > 0.
 * @param rng - The generator; 2·`size` normals are drawn from it, W and H alternating.
 * @returns Fresh arrays.
 * @example
 * ```ts
 * const root = sampleInterval(4, 1, new Rng(deriveSeed(seed, 0, 0)));
 * ```
 * @see Foster, Lyons & Oberhauser, "An optimal polynomial approximation of Brownian motion", SIAM J. Numer.
 *   Anal. 2020.
 */
export function sampleInterval(size: number, length: number, rng: Rng): IntervalValues {
  const w = new Float64Array(size);
  const h = new Float64Array(size);
  const xi = rng.fillNormal(new Float64Array(2 * size));
  const wScale = Math.sqrt(length);
  const hScale = Math.sqrt(length / 12);
  for (let k = 0; k < size; k += 1) {
    w[k] = wScale * (xi[2 * k] as number);
    h[k] = hScale * (xi[2 * k + 1] as number);
  }
  return { w, h };
}

/**
 * Splits an interval [s, u] at its midpoint m: draws (W_sm, H_sm, H_mu) from their exact law given the parent's
 * (W_su, H_su) and sets W_mu = W_su − W_sm.
 *
 * @remarks
 * Let Δ = u − s and a = W_sm, b = W_mu, c = H_sm, d = H_mu. Unconditionally they are independent with
 * a, b ~ N(0, Δ/2) and c, d ~ N(0, Δ/24). Splitting ∫ₛᵘ (W(r) − W(s)) dr = Δ·H_su + ½Δ·W_su at m (see
 * {@link concatenate}) gives the parent
 *
 *   W_su = a + b,   H_su = ½(c + d) + ¼(a − b),
 *
 * so Var W_su = Δ, Var H_su = Δ/48 + Δ/16 = Δ/12 and Cov(W_su, H_su) = 0. The cross-covariances of (a, c, d) with
 * (W_su, H_su) are (Δ/2, Δ/8), (0, Δ/48), (0, Δ/48). Gaussian conditioning on (W_su, H_su) = (w, η),
 * mean Σ₁₂Σ₂₂⁻¹(w, η) and covariance Σ₁₁ − Σ₁₂Σ₂₂⁻¹Σ₂₁ with Σ₂₂ = diag(Δ, Δ/12), gives
 *
 *   E[(a, c, d) | w, η] = (½w + (3/2)η, ¼η, ¼η),
 *   Cov[(a, c, d) | w, η] = Δ·[[1/16, −1/32, −1/32], [−1/32, 7/192, −1/192], [−1/32, −1/192, 7/192]],
 *
 * a rank-2 matrix (½a + ½c + ½d = η + ¼w is fixed). Two standard normals ξ₁, ξ₂ per entry realise it:
 *
 *   W_sm = ½w + (3/2)η + (√Δ/4)·ξ₁,           W_mu = w − W_sm,
 *   H_sm = ¼η − (√Δ/8)·ξ₁ + √(Δ/48)·ξ₂,     H_mu = ¼η − (√Δ/8)·ξ₁ − √(Δ/48)·ξ₂.
 *
 * (Equivalently: x = ½(a − b) | η ~ N((3/2)η, Δ/16), y = ½(c + d) = η − x/2, z = ½(c − d) ~ N(0, Δ/48)
 * independent of everything.) Both children are therefore again independent N(0, Δ/2), N(0, Δ/24) pairs once the
 * parent is averaged out, and the parent identities hold exactly (to float64 rounding).
 *
 * @param parent - The parent's values; read only.
 * @param length - The parent's length Δ > 0.
 * @param rng - The generator; 2·prod(shape) normals are drawn from it, (ξ₁, ξ₂) per entry.
 * @returns The left and right children, views into one fresh buffer.
 * @example
 * ```ts
 * const [left, right] = splitInterval(root, 1, new Rng(deriveSeed(seed, 1, 0)));
 * ```
 * @see Li, Wong, Chen & Duvenaud, "Scalable gradients for stochastic differential equations", AISTATS 2020
 *   (the virtual Brownian tree); Foster, Lyons & Oberhauser, SIAM J. Numer. Anal. 2020, and Kidger, "On neural
 *   differential equations", PhD thesis 2021 (the space-time Lévy area).
 */
export function splitInterval(
  parent: IntervalValues,
  length: number,
  rng: Rng,
): readonly [IntervalValues, IntervalValues] {
  const size = parent.w.length;
  const buffer = new Float64Array(4 * size);
  const leftW = buffer.subarray(0, size);
  const leftH = buffer.subarray(size, 2 * size);
  const rightW = buffer.subarray(2 * size, 3 * size);
  const rightH = buffer.subarray(3 * size);
  const parentW = parent.w;
  const parentH = parent.h;
  const wNoise = Math.sqrt(length) / 4;
  const sharedNoise = Math.sqrt(length) / 8;
  const splitNoise = Math.sqrt(length / 48);
  const xi = rng.fillNormal(new Float64Array(2 * size));
  for (let k = 0; k < size; k += 1) {
    const w = parentW[k] as number;
    const eta = parentH[k] as number;
    const xi1 = xi[2 * k] as number;
    const xi2 = xi[2 * k + 1] as number;
    const wLeft = 0.5 * w + 1.5 * eta + wNoise * xi1;
    const hMean = 0.25 * eta - sharedNoise * xi1;
    leftW[k] = wLeft;
    rightW[k] = w - wLeft;
    leftH[k] = hMean + splitNoise * xi2;
    rightH[k] = hMean - splitNoise * xi2;
  }
  return [
    { w: leftW, h: leftH },
    { w: rightW, h: rightH },
  ];
}
