import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertInteger } from '../validation/numbers.js';

/** A Gaussian given by its mean [F] and covariance [F×F, row-major, symmetric positive semi-definite]. */
export interface GaussianSummary {
  /** The mean, F values. */
  readonly mean: ArrayLike<number>;
  /** The covariance, F·F values, row-major. */
  readonly covariance: ArrayLike<number>;
}

/**
 * The running mean and covariance of feature vectors, accumulated in float64 on the host one batch at a time (so a
 * data set of any size is summarised in O(F²) memory).
 *
 * @remarks
 * Sums are taken about a shift (the first row added), which keeps the covariance Σ(x − s)(x − s)ᵀ/(n − 1) −
 * n/(n − 1)·(μ − s)(μ − s)ᵀ free of the cancellation of the raw-moment formula when the features' mean is large
 * next to their spread. The covariance is the unbiased one (divisor n − 1), as numpy's `np.cov` and the FID
 * reference code use.
 *
 * @example
 * ```ts
 * const moments = new GaussianMoments(64);
 * moments.add(features.dataSync()); // [N, 64], row-major
 * const { mean, covariance } = moments.summary();
 * ```
 */
export class GaussianMoments {
  /** The feature dimension F. */
  readonly dim: number;
  private rowCount = 0;
  private shift: Float64Array | undefined;
  private readonly sum: Float64Array;
  private readonly outer: Float64Array;

  /**
   * An empty accumulator.
   *
   * @param dim - The feature dimension F, an integer ≥ 1.
   * @throws `InvalidArgumentError` naming `dim`.
   */
  constructor(dim: number) {
    this.dim = assertInteger('dim', dim, 1);
    this.sum = new Float64Array(dim);
    this.outer = new Float64Array(dim * dim);
  }

  /**
   * Adds rows of features.
   *
   * @param rows - k·F finite values, row-major (e.g. a [k, F] tensor's `dataSync()`); not kept.
   * @throws `InvalidArgumentError` naming `rows` when its length is not a multiple of F or a value is not finite.
   */
  add(rows: ArrayLike<number>): void {
    const f = this.dim;
    if (rows.length % f !== 0) {
      throw new InvalidArgumentError('rows', `a multiple of ${f} values (rows of ${f} features)`, rows.length);
    }
    for (let i = 0; i < rows.length; i += 1) {
      if (!Number.isFinite(rows[i])) throw new InvalidArgumentError(`rows[${i}]`, 'a finite number', rows[i]);
    }
    this.shift ??= Float64Array.from({ length: f }, (_, j) => rows[j] as number);
    const shift = this.shift;
    const centred = new Float64Array(f);
    for (let r = 0; r < rows.length; r += f) {
      for (let j = 0; j < f; j += 1) centred[j] = (rows[r + j] as number) - (shift[j] as number);
      for (let i = 0; i < f; i += 1) {
        const ci = centred[i] as number;
        this.sum[i] = (this.sum[i] as number) + ci;
        if (ci === 0) continue;
        const base = i * f;
        for (let j = i; j < f; j += 1)
          this.outer[base + j] = (this.outer[base + j] as number) + ci * (centred[j] as number);
      }
    }
    this.rowCount += rows.length / f;
  }

  /** The number of rows added so far. */
  get count(): number {
    return this.rowCount;
  }

  /**
   * The mean and unbiased covariance of the rows added.
   *
   * @returns `mean` [F] and `covariance` [F×F row-major, symmetric], new `Float64Array`s.
   * @throws `InvalidArgumentError` naming `count` when fewer than 2 rows were added.
   */
  summary(): GaussianSummary {
    const { count: n, dim: f } = this;
    if (n < 2) throw new InvalidArgumentError('count', 'at least 2 rows added', n);
    const shift = this.shift as Float64Array;
    const delta = Float64Array.from(this.sum, (s) => s / n);
    const mean = Float64Array.from(delta, (d, j) => d + (shift[j] as number));
    const covariance = new Float64Array(f * f);
    for (let i = 0; i < f; i += 1) {
      for (let j = i; j < f; j += 1) {
        const value = ((this.outer[i * f + j] as number) - n * (delta[i] as number) * (delta[j] as number)) / (n - 1);
        covariance[i * f + j] = covariance[j * f + i] = value;
      }
    }
    return { mean, covariance };
  }
}
