import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * Checks that `value` is a finite number.
 *
 * @param parameter - The parameter's name for the error message.
 * @param value - The value to check.
 * @returns `value`, typed as a number.
 * @throws {@link InvalidArgumentError} when `value` is not a finite number.
 * @example
 * ```ts
 * const t0 = assertFiniteNumber('t0', options.t0);
 * ```
 */
export function assertFiniteNumber(parameter: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(parameter, 'a finite number', value);
  }
  return value;
}

/**
 * Checks that `value` is a finite number greater than zero.
 *
 * @param parameter - The parameter's name for the error message.
 * @param value - The value to check.
 * @returns `value`, typed as a number.
 * @throws {@link InvalidArgumentError} when `value` is not a positive finite number.
 * @example
 * ```ts
 * assertPositive('rtol', 1e-5);
 * ```
 */
export function assertPositive(parameter: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(parameter, 'a positive finite number', value);
  }
  return value;
}

/**
 * Checks that `value` is a finite number greater than or equal to zero.
 *
 * @param parameter - The parameter's name for the error message.
 * @param value - The value to check.
 * @returns `value`, typed as a number.
 * @throws {@link InvalidArgumentError} when `value` is negative, NaN or infinite.
 * @example
 * ```ts
 * assertNonNegative('sigmaMin', 0);
 * ```
 */
export function assertNonNegative(parameter: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(parameter, 'a finite number ≥ 0', value);
  }
  return value;
}

/**
 * Checks that `value` is an integer no smaller than `min`.
 *
 * @param parameter - The parameter's name for the error message.
 * @param value - The value to check.
 * @param min - The smallest allowed value (default 0).
 * @returns `value`, typed as a number.
 * @throws {@link InvalidArgumentError} when `value` is not an integer ≥ `min`.
 * @example
 * ```ts
 * assertInteger('n', 1000, 1);
 * ```
 */
export function assertInteger(parameter: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError(parameter, `an integer ≥ ${min}`, value);
  }
  return value;
}

/**
 * Checks that `value` is one of the allowed strings, listing them in the error otherwise.
 *
 * @param parameter - The parameter's name for the error message.
 * @param value - The value to check.
 * @param allowed - The valid choices.
 * @returns `value`, narrowed to the union of `allowed`.
 * @throws {@link InvalidArgumentError} listing the valid choices.
 * @example
 * ```ts
 * const kind = assertOneOf('probe', options.probe, ['rademacher', 'gaussian'] as const);
 * ```
 */
export function assertOneOf<const T extends string>(parameter: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(parameter, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, value);
  }
  return value as T;
}
