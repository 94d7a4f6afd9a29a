import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertPointSets } from '../ot/point-sets.js';
import { GaussianMoments, type GaussianSummary } from './gaussian-moments.js';
import { symmetricEigen } from './symmetric-eigen.js';

/**
 * The Fréchet (2-Wasserstein) distance between two Gaussians, d² = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ −
 * 2·tr((Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}), in float64 on the host.
 *
 * @remarks
 * The trace term is computed from symmetric eigendecompositions only (cyclic Jacobi): Σ₁^{1/2} = V√ΛVᵀ (negative
 * eigenvalues from rounding clipped to 0), then the eigenvalues of the symmetric positive semi-definite product
 * M = Σ₁^{1/2} Σ₂ Σ₁^{1/2}, whose square roots sum to tr(M^{1/2}). This equals the tr √(Σ₁Σ₂) of the FID reference
 * code (scipy's `sqrtm` of the non-symmetric product, which has the same eigenvalues) without complex arithmetic
 * or its imaginary round-off. The result is the squared distance, as FID reports it (not its square root), and is
 * clipped at 0.
 *
 * @param a - The first Gaussian.
 * @param b - The second, of the same dimension.
 * @returns d² ≥ 0.
 * @throws `InvalidArgumentError` naming `a.covariance`, `b.mean` or `b.covariance` when the sizes do not agree, or
 *   a value that is not finite.
 * @example
 * ```ts
 * gaussianFrechetDistance({ mean: [0], covariance: [1] }, { mean: [1], covariance: [4] }); // 1 + (1 − 2)² = 2
 * ```
 * @see Dowson & Landau, "The Fréchet distance between multivariate normal distributions", J. Multivariate Analysis
 *   12, 1982; Heusel et al., "GANs trained by a two time-scale update rule converge to a local Nash equilibrium"
 *   (FID), NeurIPS 2017.
 */
export function gaussianFrechetDistance(a: GaussianSummary, b: GaussianSummary): number {
  const f = a.mean.length;
  checkSummary('a', a, f);
  checkSummary('b', b, f);
  let meanTerm = 0;
  let traces = 0;
  for (let i = 0; i < f; i += 1) {
    meanTerm += ((a.mean[i] as number) - (b.mean[i] as number)) ** 2;
    traces += (a.covariance[i * f + i] as number) + (b.covariance[i * f + i] as number);
  }
  const root = symmetricSqrt(Float64Array.from(a.covariance), f);
  const product = multiply(multiply(root, Float64Array.from(b.covariance), f), root, f);
  let traceRoot = 0;
  for (const value of symmetricEigen(product, f).values) traceRoot += Math.sqrt(Math.max(value, 0));
  return Math.max(meanTerm + traces - 2 * traceRoot, 0);
}

/**
 * The Fréchet distance between Gaussians fitted to two samples of feature vectors (FID's formula, with the
 * features given).
 *
 * @remarks
 * Reads both samples back, fits mean and unbiased covariance of each in float64 (`GaussianMoments`) and returns
 * {@link gaussianFrechetDistance} of the fits. With more features than rows the covariances are singular; the
 * distance is still defined but noisy, so use N, M well above F.
 *
 * @param x - Features [N, F], float32, N ≥ 2; not disposed.
 * @param y - Features [M, F], float32, M ≥ 2; not disposed.
 * @returns The squared Fréchet distance d² ≥ 0; no tensors are retained.
 * @throws `InvalidArgumentError` / `ShapeError` naming `x` or `y` for a non-tensor, a rank other than 2, fewer than
 *   2 rows, different F, or non-finite features.
 * @example
 * ```ts
 * const fd = frechetDistance(featuresOfSamples, featuresOfData);
 * ```
 * @see {@link gaussianFrechetDistance}
 */
export function frechetDistance(x: tf.Tensor, y: tf.Tensor): number {
  const { d } = assertPointSets(x, y, 2);
  return gaussianFrechetDistance(fitGaussian(x, 'x', d), fitGaussian(y, 'y', d));
}

/** The mean and covariance of the rows of a validated [N, F] tensor. */
function fitGaussian(features: tf.Tensor, name: string, dim: number): GaussianSummary {
  const moments = new GaussianMoments(dim);
  try {
    moments.add(features.dataSync());
  } catch (error) {
    if (error instanceof InvalidArgumentError)
      throw new InvalidArgumentError(name, 'finite features', 'a non-finite value');
    throw error;
  }
  return moments.summary();
}

function checkSummary(name: string, g: GaussianSummary, f: number): void {
  if (g.mean.length !== f)
    throw new InvalidArgumentError(`${name}.mean`, `${f} values (that of a.mean)`, g.mean.length);
  if (g.covariance.length !== f * f) {
    throw new InvalidArgumentError(`${name}.covariance`, `${f}·${f} = ${f * f} values`, g.covariance.length);
  }
  for (const [part, values] of [
    ['mean', g.mean],
    ['covariance', g.covariance],
  ] as const) {
    for (let i = 0; i < values.length; i += 1) {
      if (!Number.isFinite(values[i]))
        throw new InvalidArgumentError(`${name}.${part}[${i}]`, 'a finite number', values[i]);
    }
  }
}

/** The symmetric square root V·√max(Λ, 0)·Vᵀ of a symmetric positive semi-definite matrix. */
function symmetricSqrt(a: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  const roots = Float64Array.from(values, (v) => Math.sqrt(Math.max(v, 0)));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = i; j < n; j += 1) {
      let s = 0;
      for (let k = 0; k < n; k += 1)
        s += (vectors[i * n + k] as number) * (roots[k] as number) * (vectors[j * n + k] as number);
      out[i * n + j] = out[j * n + i] = s;
    }
  }
  return out;
}

/** The product of two n×n row-major matrices. */
function multiply(x: Float64Array, y: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let k = 0; k < n; k += 1) {
      const xik = x[i * n + k] as number;
      if (xik === 0) continue;
      for (let j = 0; j < n; j += 1) out[i * n + j] = (out[i * n + j] as number) + xik * (y[k * n + j] as number);
    }
  }
  return out;
}
