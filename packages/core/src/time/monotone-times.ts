import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertFiniteNumber } from '../validation/numbers.js';

/**
 * Checks that output times are finite and strictly increasing or strictly decreasing (reverse time is allowed).
 *
 * @param parameter - The parameter's name for the error message, e.g. `'ts'`.
 * @param ts - The times.
 * @throws {@link InvalidArgumentError} naming the first offending entry.
 * @example
 * ```ts
 * assertMonotoneTimes('ts', [1, 0.5, 0]); // fine: decreasing
 * ```
 */
export function assertMonotoneTimes(parameter: string, ts: readonly number[]): void {
  if (!Array.isArray(ts) || ts.length < 1) throw new InvalidArgumentError(parameter, 'a non-empty array of times', ts);
  ts.forEach((t, i) => {
    assertFiniteNumber(`${parameter}[${i}]`, t);
  });
  const direction = Math.sign((ts[1] ?? 0) - (ts[0] as number));
  for (let i = 1; i < ts.length; i += 1) {
    const step = (ts[i] as number) - (ts[i - 1] as number);
    if (direction === 0 || Math.sign(step) !== direction) {
      throw new InvalidArgumentError(
        `${parameter}[${i}]`,
        `strictly ${direction < 0 ? 'decreasing' : 'increasing'} times (${parameter}[${i - 1}] = ${ts[i - 1]})`,
        ts[i],
        'Output times must be strictly monotone; reverse time is allowed.',
      );
    }
  }
}
