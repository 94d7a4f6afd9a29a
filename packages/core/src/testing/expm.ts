/**
 * The matrix exponential exp(A) in float64, by scaling and squaring with a degree-18 Taylor series.
 *
 * @remarks
 * Scales A by 2⁻ˢ so that its 1-norm is below ½, sums the Taylor series (truncation error below 1e-20 relative),
 * then squares s times. Accurate to about 1e-14 relative for the small, well-conditioned matrices of tests.
 *
 * @param a - A square matrix as rows.
 * @returns exp(A) as rows (new arrays).
 * @throws `Error` when `a` is not square.
 * @example
 * ```ts
 * expm([[0, 1], [-1, 0]]); // [[cos 1, sin 1], [-sin 1, cos 1]]
 * ```
 */
export function expm(a: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  if (a.some((row) => row.length !== n)) throw new Error('expm: the matrix must be square.');
  const norm = Math.max(0, ...a.map((_, j) => a.reduce((s, row) => s + Math.abs(row[j] as number), 0)));
  const squarings = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scaled = a.map((row) => row.map((v) => v / 2 ** squarings));
  let result = identity(n);
  let term = identity(n);
  for (let k = 1; k <= 18; k += 1) {
    term = multiply(term, scaled).map((row) => row.map((v) => v / k));
    result = result.map((row, i) => row.map((v, j) => v + (term[i]?.[j] as number)));
  }
  for (let s = 0; s < squarings; s += 1) result = multiply(result, result);
  return result;
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

function multiply(x: readonly (readonly number[])[], y: readonly (readonly number[])[]): number[][] {
  return x.map((row) => (y[0] ?? []).map((_, j) => row.reduce((s, v, k) => s + v * (y[k]?.[j] as number), 0)));
}
