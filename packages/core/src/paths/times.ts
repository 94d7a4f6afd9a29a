import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeError } from '../errors/shape-error.js';
import { assertUnitTime } from '../schedules/unit-time.js';

/**
 * Times for a batch of N rows: one number for every row, or one number per row.
 *
 * @example
 * ```ts
 * const shared: PathTime = 0.5;
 * const perRow: PathTime = [0.1, 0.5, 0.9];
 * ```
 */
export type PathTime = number | readonly number[] | Float32Array;

/**
 * Validates `t` and expands it to one float64 time per row.
 *
 * @param t - One time in [0, 1], or N of them.
 * @param n - The number of rows N.
 * @returns N times in [0, 1].
 * @throws {@link InvalidArgumentError} naming `t` (or `t[i]`) for a time outside [0, 1] or a value that is
 *   neither a number nor an array; {@link ShapeError} naming `t` when its length is not N.
 * @example
 * ```ts
 * rowTimes(0.5, 3);   // Float64Array [0.5, 0.5, 0.5]
 * ```
 */
export function rowTimes(t: PathTime, n: number): Float64Array {
  if (typeof t === 'number') return new Float64Array(n).fill(assertUnitTime('t', t));
  if (!Array.isArray(t) && !(t instanceof Float32Array)) {
    throw new InvalidArgumentError('t', 'a number or an array of one number per row', t);
  }
  if (t.length !== n) throw new ShapeError('t', `[${n}] (one time per row)`, [t.length]);
  return Float64Array.from(t, (value, i) => assertUnitTime(`t[${i}]`, value));
}

/**
 * The name under which row `i` of `t` is reported in errors.
 *
 * @param t - The times as the caller gave them.
 * @param i - The row.
 * @returns `"t"` for a shared number, `"t[i]"` for an array.
 * @example
 * ```ts
 * timeParameter([0.2, 0.4], 1);   // "t[1]"
 * ```
 */
export function timeParameter(t: PathTime, i: number): string {
  return typeof t === 'number' ? 't' : `t[${i}]`;
}
