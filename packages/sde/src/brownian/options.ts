import { InvalidArgumentError, type Seed } from '@gen/core';
import { assertFiniteNumber, assertInteger, assertPositive } from '@gen/core/internal';
import { MAX_DEPTH, treeDepth } from './dyadic-grid.js';

/** Options of `BrownianPath`. */
export interface BrownianPathOptions {
  /** The shape of W(t): positive integers, e.g. [N, D]. */
  readonly shape: readonly number[];
  /** The start of the time span; W(t0) = 0. */
  readonly t0: number;
  /** The end of the time span, greater than `t0`. */
  readonly t1: number;
  /** The seed, a non-negative safe integer: equal seeds give equal paths. */
  readonly seed: Seed;
  /**
   * The largest leaf width of the tree: times that are multiples of it from `t0` are exact, others interpolated
   * with a variance error ≤ tolerance/16 (default (t1 − t0)·2⁻²⁰; at least (t1 − t0)·2⁻⁴⁸).
   */
  readonly tolerance?: number;
}

/** Checked {@link BrownianPathOptions}, with the derived entry count and leaf level. */
export interface ValidBrownianPathOptions {
  /** A copy of the shape. */
  readonly shape: readonly number[];
  /** prod(shape). */
  readonly size: number;
  /** The start time. */
  readonly t0: number;
  /** The end time, > t0. */
  readonly t1: number;
  /** The seed. */
  readonly seed: Seed;
  /** The tolerance, default applied. */
  readonly tolerance: number;
  /** The leaf level L: the smallest with (t1 − t0)·2⁻ᴸ ≤ tolerance. */
  readonly depth: number;
}

/**
 * Checks the options of `BrownianPath` and derives the leaf level.
 *
 * @param options - What the caller passed.
 * @returns The checked options.
 * @throws `InvalidArgumentError` naming `options`, `options.shape` (or `options.shape[i]`), `options.t0`,
 *   `options.t1`, `options.seed` or `options.tolerance`.
 * @example
 * ```ts
 * validateBrownianPathOptions({ shape: [8], t0: 0, t1: 1, seed: 0 }).depth; // 20
 * ```
 */
export function validateBrownianPathOptions(options: BrownianPathOptions): ValidBrownianPathOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', 'an object { shape, t0, t1, seed, tolerance? }', options);
  }
  const { shape, t0, t1, seed } = options;
  if (!Array.isArray(shape)) throw new InvalidArgumentError('options.shape', 'an array of positive integers', shape);
  for (const [i, d] of shape.entries()) assertInteger(`options.shape[${i}]`, d, 1);
  assertFiniteNumber('options.t0', t0);
  assertFiniteNumber('options.t1', t1);
  if (!(t1 > t0)) throw new InvalidArgumentError('options.t1', `a number greater than t0 = ${t0}`, t1);
  assertInteger('options.seed', seed);
  const span = t1 - t0;
  const tolerance = options.tolerance === undefined ? span * 2 ** -20 : options.tolerance;
  assertPositive('options.tolerance', tolerance);
  const depth = treeDepth(span, tolerance);
  if (depth > MAX_DEPTH) {
    throw new InvalidArgumentError(
      'options.tolerance',
      `a number ≥ (t1 − t0)·2⁻⁴⁸ = ${span * 2 ** -MAX_DEPTH}`,
      tolerance,
      'The tree cannot be deeper than 48 levels.',
    );
  }
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape: Object.freeze([...shape]), size, t0, t1, seed, tolerance, depth };
}
