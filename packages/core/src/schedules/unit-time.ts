import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * Checks that `t` is a time in [0, 1] (t = 0 is data, t = 1 is the prior).
 *
 * @param parameter - The parameter's name for the error message, e.g. `"t"` or `"t[3]"`.
 * @param t - The value to check.
 * @returns `t`, typed as a number.
 * @throws {@link InvalidArgumentError} when `t` is not a number in [0, 1] (NaN included).
 * @example
 * ```ts
 * const u = assertUnitTime('t', t);
 * ```
 */
export function assertUnitTime(parameter: string, t: unknown): number {
  if (typeof t !== 'number' || !(t >= 0 && t <= 1)) {
    throw new InvalidArgumentError(
      parameter,
      'a time in [0, 1] (0 = data, 1 = noise)',
      t,
      'Continuous-time schedules take t in [0, 1], not a discrete step index.',
    );
  }
  return t;
}
