import { assertFiniteNumber, assertInteger } from '../validation/numbers.js';

/**
 * Converts a negative log-likelihood per sample in nats to bits per dimension.
 *
 * @remarks
 * bits/dim = nats / (D·ln 2). The value is converted as given: no dequantisation offset is added. For image
 * data rescaled from {0, …, 255} to [0, 1] with uniform dequantisation, add D·ln 256 nats to the continuous
 * NLL first (or the offset matching your scaling) to report the usual discrete bits/dim.
 *
 * @param nats - The NLL in nats of one sample (finite; may be negative for a continuous density).
 * @param dim - The dimension D of one sample, an integer ≥ 1.
 * @returns The NLL in bits per dimension.
 * @throws {@link InvalidArgumentError} when `nats` is not finite or `dim` is not a positive integer.
 * @example
 * ```ts
 * natsToBitsPerDim(1, 2); // 1 / (2 ln 2) ≈ 0.7213
 * ```
 * @see {@link bitsPerDimToNats} for the inverse.
 */
export function natsToBitsPerDim(nats: number, dim: number): number {
  assertFiniteNumber('nats', nats);
  assertInteger('dim', dim, 1);
  return nats / (dim * Math.LN2);
}

/**
 * Converts bits per dimension back to a negative log-likelihood per sample in nats.
 *
 * @remarks
 * nats = bits/dim · D·ln 2, the inverse of {@link natsToBitsPerDim}; no dequantisation offset is removed.
 *
 * @param bitsPerDim - The NLL in bits per dimension (finite).
 * @param dim - The dimension D of one sample, an integer ≥ 1.
 * @returns The NLL in nats of one sample.
 * @throws {@link InvalidArgumentError} when `bitsPerDim` is not finite or `dim` is not a positive integer.
 * @example
 * ```ts
 * bitsPerDimToNats(3.5, 3072); // a CIFAR-10 model at 3.5 bits/dim: ≈ 7452 nats per image
 * ```
 * @see {@link natsToBitsPerDim} for the forward conversion.
 */
export function bitsPerDimToNats(bitsPerDim: number, dim: number): number {
  assertFiniteNumber('bitsPerDim', bitsPerDim);
  assertInteger('dim', dim, 1);
  return bitsPerDim * dim * Math.LN2;
}
