/**
 * The linear flow u(t, x) = A·x of the likelihood and sampling tests, and four points to carry: the flow map is
 * φ₁ = e^A, so sampling from t = 1 to 0 maps z to e^{−A}·z and p₀ = N(0, Σ) with Σ⁻¹ = e^{Aᵀ}e^{A}.
 */
export const A = [
  [-0.3, 0.8],
  [-0.5, 0.4],
];

/** Points [4, 2] carried by the flow of {@link A}. */
export const X = [
  [0.5, -1.2],
  [1.5, 0.3],
  [-0.7, 0.9],
  [0, 0],
];
