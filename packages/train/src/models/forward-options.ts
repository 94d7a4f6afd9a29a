import { InvalidArgumentError } from '@gen/core';
import type { ForwardOptions } from '../types.js';

/**
 * Whether `forwardTimes` options ask for a training pass, validated.
 *
 * @param options - The options as received (undefined: evaluation).
 * @returns `options.training === true`.
 * @throws `InvalidArgumentError` naming `options` when it is not an object, `options.training` when it is not a
 *   boolean.
 * @example
 * ```ts
 * isTrainingPass({ training: true }); // true
 * ```
 */
export function isTrainingPass(options: ForwardOptions | undefined): boolean {
  if (options === undefined) return false;
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', 'an object { training?: boolean }', options);
  }
  const { training = false } = options;
  if (typeof training !== 'boolean') throw new InvalidArgumentError('options.training', 'a boolean', training);
  return training;
}
