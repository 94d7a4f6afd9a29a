/** The eigendecomposition of a symmetric matrix: A = V·diag(values)·Vᵀ. */
export interface SymmetricEigen {
  /** The eigenvalues, ascending. */
  readonly values: Float64Array;
  /** The eigenvectors as columns of an n×n row-major matrix V (column j belongs to `values[j]`). */
  readonly vectors: Float64Array;
}

/** Sweeps after which the Jacobi iteration gives up (it converges quadratically; 64×64 needs about 10). */
const MAX_SWEEPS = 100;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method, in float64.
 *
 * @remarks
 * Each sweep visits every off-diagonal pair (p, q) and applies the rotation that zeroes a_pq (Rutishauser's
 * formulation: t = sign(θ)/(|θ| + √(θ² + 1)) with θ = (a_qq − a_pp)/(2a_pq), so |t| ≤ 1 and no cancellation), until
 * the off-diagonal mass is below 1e-30 of the total (or exactly zero). Jacobi is backward stable and finds small
 * eigenvalues of positive semi-definite matrices to high relative accuracy, which is what matrix square roots of
 * covariance matrices need. O(n³) per sweep: meant for the feature covariances of metrics (n ≤ a few hundred).
 * Only the upper triangle is read; the input is not modified.
 *
 * @param a - The n×n symmetric matrix, row-major.
 * @param n - Its order.
 * @returns Eigenvalues (ascending) and the orthonormal eigenvectors, as new arrays.
 * @example
 * ```ts
 * symmetricEigen(Float64Array.of(2, 1, 1, 2), 2).values; // [1, 3]
 * ```
 * @see G. H. Golub and C. F. Van Loan, Matrix Computations, 4th ed., §8.5 (the symmetric Jacobi method).
 */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) for (let j = i; j < n; j += 1) m[i * n + j] = m[j * n + i] = a[i * n + j] as number;
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) v[i * n + i] = 1;
  let total = 0;
  for (const x of m) total += x * x;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep += 1) {
    let off = 0;
    for (let p = 0; p < n; p += 1) for (let q = p + 1; q < n; q += 1) off += 2 * (m[p * n + q] as number) ** 2;
    if (off === 0 || off <= 1e-30 * total) break;
    for (let p = 0; p < n - 1; p += 1) {
      for (let q = p + 1; q < n; q += 1) {
        const apq = m[p * n + q] as number;
        if (apq === 0) continue;
        const theta = ((m[q * n + q] as number) - (m[p * n + p] as number)) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(m, v, n, p, q, c, s);
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => (m[i * n + i] as number) - (m[j * n + j] as number),
  );
  const values = Float64Array.from(order, (i) => m[i * n + i] as number);
  const vectors = new Float64Array(n * n);
  for (let r = 0; r < n; r += 1) for (const [k, i] of order.entries()) vectors[r * n + k] = v[r * n + i] as number;
  return { values, vectors };
}

/** Applies the Jacobi rotation J(p, q, θ) as M ← JᵀMJ and accumulates V ← VJ. */
function rotate(m: Float64Array, v: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k += 1) {
    const mkp = m[k * n + p] as number;
    const mkq = m[k * n + q] as number;
    m[k * n + p] = c * mkp - s * mkq;
    m[k * n + q] = s * mkp + c * mkq;
  }
  for (let k = 0; k < n; k += 1) {
    const mpk = m[p * n + k] as number;
    const mqk = m[q * n + k] as number;
    m[p * n + k] = c * mpk - s * mqk;
    m[q * n + k] = s * mpk + c * mqk;
  }
  for (let k = 0; k < n; k += 1) {
    const vkp = v[k * n + p] as number;
    const vkq = v[k * n + q] as number;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}
