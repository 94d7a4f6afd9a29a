import { InvalidArgumentError } from '@gen/core';
import { assertInteger, assertOneOf } from '@gen/core/internal';
import { eulerMaruyama, milstein, type SdeSolver, srk, stochasticHeun } from './solvers/index.js';
import type { Sde } from './types.js';

/** Every method `sdeint` knows, by name. */
const SDE_METHODS: Readonly<Record<string, SdeSolver>> = Object.freeze({
  euler: eulerMaruyama,
  milstein,
  heun: stochasticHeun,
  srk,
});

/**
 * The names `sdeint`'s `method` option accepts: `'euler'`, `'milstein'`, `'heun'`, `'srk'`.
 *
 * @example
 * ```ts
 * SDE_METHOD_NAMES.includes('milstein'); // true
 * ```
 */
export const SDE_METHOD_NAMES: readonly string[] = Object.freeze(Object.keys(SDE_METHODS));

/**
 * Checks the SDE, looks the method up and checks that it fits the SDE's kind and noise type.
 *
 * @param sde - The SDE.
 * @param method - A method name from {@link SDE_METHOD_NAMES}.
 * @returns The solver.
 * @throws `InvalidArgumentError` naming `sde`, `sde.noise`, `sde.kind`, `sde.brownianDim` or `options.method`
 *   (an unknown name lists the valid ones; a method that does not fit says which does).
 * @example
 * ```ts
 * getSdeMethod(gbm, 'milstein').strongOrder; // 1
 * ```
 */
export function getSdeMethod(sde: Sde, method: string): SdeSolver {
  if (
    typeof sde !== 'object' ||
    sde === null ||
    typeof sde.drift !== 'function' ||
    typeof sde.diffusion !== 'function'
  ) {
    throw new InvalidArgumentError('sde', 'an object with drift(t, x) and diffusion(t, x) functions', sde);
  }
  assertOneOf('sde.noise', sde.noise, ['diagonal', 'scalar', 'additive', 'general']);
  const kind = sde.kind === undefined ? 'ito' : assertOneOf('sde.kind', sde.kind, ['ito', 'stratonovich']);
  if (sde.noise === 'general') assertInteger('sde.brownianDim', sde.brownianDim, 1);
  const solver = Object.hasOwn(SDE_METHODS, method) ? SDE_METHODS[method] : undefined;
  if (solver === undefined) {
    throw new InvalidArgumentError(
      'options.method',
      `one of ${SDE_METHOD_NAMES.map((n) => `"${n}"`).join(', ')}`,
      method,
    );
  }
  if (!solver.kinds.includes(kind)) {
    throw new InvalidArgumentError(
      'options.method',
      `a method for ${kind} SDEs ("${solver.name}" solves ${solver.kinds.join('/')} SDEs)`,
      method,
      kind === 'stratonovich'
        ? 'Use "heun" (or "milstein").'
        : 'Use "euler" or "milstein", or declare kind: "stratonovich".',
    );
  }
  if (!solver.noiseTypes.includes(sde.noise)) {
    throw new InvalidArgumentError(
      'options.method',
      `a method for ${sde.noise} noise ("${solver.name}" supports ${solver.noiseTypes.join(', ')})`,
      method,
      'Euler–Maruyama ("euler") supports every noise type.',
    );
  }
  return solver;
}
