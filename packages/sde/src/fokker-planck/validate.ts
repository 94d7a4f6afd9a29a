import { InvalidArgumentError, ShapeError } from '@gen/core';
import { assertFiniteNumber, assertNonNegative } from '@gen/core/internal';
import type { CoefficientFn } from './scharfetter-gummel.js';

/** A uniform grid of cell centres, checked: the centres as float64 and the cell width. */
export interface UniformGrid {
  /** The cell centres. */
  readonly centres: Float64Array;
  /** The cell width h = (x[N−1] − x[0]) / (N − 1). */
  readonly h: number;
}

/**
 * Checks that `x` is a list of at least 3 finite, increasing, uniformly spaced cell centres.
 *
 * @param x - The grid as the caller passed it.
 * @returns The centres as a new `Float64Array` and the cell width.
 * @throws `InvalidArgumentError` naming `x` (or `x[i]` for a non-finite entry).
 */
export function uniformGrid(x: unknown): UniformGrid {
  if (!(Array.isArray(x) || x instanceof Float64Array) || x.length < 3) {
    throw new InvalidArgumentError('x', 'an array or Float64Array of at least 3 cell centres', x);
  }
  const centres = Float64Array.from(x as ArrayLike<unknown>, (v, i) => assertFiniteNumber(`x[${i}]`, v));
  const n = centres.length;
  const first = centres[0] as number;
  const last = centres[n - 1] as number;
  const h = (last - first) / (n - 1);
  if (!(h > 0)) throw new InvalidArgumentError('x', 'increasing cell centres', x);
  const tolerance = 1e-9 * h + 16 * Number.EPSILON * Math.max(Math.abs(first), Math.abs(last));
  for (let i = 0; i < n - 1; i += 1) {
    const spacing = (centres[i + 1] as number) - (centres[i] as number);
    if (Math.abs(spacing - h) > tolerance) {
      throw new InvalidArgumentError(
        'x',
        'uniformly spaced, increasing cell centres',
        x,
        `x[${i + 1}] − x[${i}] = ${spacing} differs from the mean spacing ${h}.`,
      );
    }
  }
  return { centres, h };
}

/**
 * Checks that `ts` is a non-empty array of finite, strictly increasing times.
 *
 * @param ts - The output times as the caller passed them.
 * @returns A copy.
 * @throws `InvalidArgumentError` naming `ts` (or `ts[i]` for a non-finite entry).
 */
export function increasingTimes(ts: unknown): number[] {
  if (!Array.isArray(ts) || ts.length === 0) throw new InvalidArgumentError('ts', 'a non-empty array of times', ts);
  const times = ts.map((t, i) => assertFiniteNumber(`ts[${i}]`, t));
  for (let i = 1; i < times.length; i += 1) {
    const previous = times[i - 1] as number;
    const current = times[i] as number;
    if (!(current > previous)) {
      throw new InvalidArgumentError(
        'ts',
        'strictly increasing times',
        ts,
        `ts[${i}] = ${current} is not greater than ts[${i - 1}] = ${previous}.`,
      );
    }
  }
  return times;
}

/**
 * The initial cell averages: `p0` itself (one finite value ≥ 0 per cell) or `p0` sampled at the cell centres.
 *
 * @param p0 - An array, `Float64Array` or function of x.
 * @param centres - The cell centres.
 * @returns A new `Float64Array` of length N.
 * @throws `ShapeError` naming `p0` when its length is not N; `InvalidArgumentError` naming `p0[i]`
 *   for a negative or non-finite entry, or `p0` when it is not an array or function, or the function returns
 *   one.
 */
export function initialDensity(p0: unknown, centres: Float64Array): Float64Array {
  const n = centres.length;
  if (typeof p0 === 'function') {
    return centres.map((x) => {
      const value: unknown = p0(x);
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new InvalidArgumentError('p0', 'a function returning finite values ≥ 0', value, `p0(${x}) = ${value}.`);
      }
      return value;
    });
  }
  if (!(Array.isArray(p0) || p0 instanceof Float64Array)) {
    throw new InvalidArgumentError('p0', 'an array, Float64Array or function of x', p0);
  }
  if (p0.length !== n) throw new ShapeError('p0', `[${n}] (one value per cell of x)`, [p0.length]);
  return Float64Array.from(p0 as ArrayLike<unknown>, (v, i) => assertNonNegative(`p0[${i}]`, v));
}

/**
 * Checks that a coefficient is a function.
 *
 * @param parameter - `drift` or `diffusion`.
 * @param fn - The value that arrived.
 * @returns `fn`, typed.
 * @throws `InvalidArgumentError` naming the parameter.
 */
export function coefficientFunction(parameter: string, fn: unknown): CoefficientFn {
  if (typeof fn !== 'function') throw new InvalidArgumentError(parameter, 'a function (t, x) => number', fn);
  return fn as CoefficientFn;
}
