import { InvalidArgumentError } from '@gen/core';
import { type ButcherTableau, bosh3, dopri5, dopri8, euler, heun, midpoint, rk4, tsit5 } from './tableaus/index.js';

/** Every method `odeint` knows, by name. */
export const METHODS: Readonly<Record<string, ButcherTableau>> = Object.freeze({
  euler,
  midpoint,
  heun,
  rk4,
  bosh3,
  dopri5,
  tsit5,
  dopri8,
});

/** The names of the registered methods, fixed-step first. */
export const METHOD_NAMES: readonly string[] = Object.keys(METHODS);

/**
 * Looks a method up by name.
 *
 * @param name - A method name, e.g. `'dopri5'`.
 * @returns Its validated tableau.
 * @throws `InvalidArgumentError` listing the valid names when `name` is unknown.
 * @example
 * ```ts
 * getMethod('rk4').order; // 4
 * ```
 */
export function getMethod(name: string): ButcherTableau {
  const tableau = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
  if (tableau === undefined) {
    throw new InvalidArgumentError('options.method', `one of ${METHOD_NAMES.map((n) => `"${n}"`).join(', ')}`, name);
  }
  return tableau;
}
