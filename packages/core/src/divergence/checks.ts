import type { Tensor } from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertFiniteNumber } from '../validation/numbers.js';
import { assertTensor } from '../validation/tensors.js';

/**
 * Checks the common arguments of the divergence functions: a callable field, a finite time and a live float32
 * batch of rank 2.
 *
 * @param f - The vector field.
 * @param t - The time.
 * @param x - The batch.
 * @returns The batch size N and dimension D of `x`.
 * @throws {@link InvalidArgumentError} naming `f`, `t` or `x`; {@link ShapeError} when `x` is not rank 2.
 */
export function assertDivergenceArgs(f: unknown, t: unknown, x: unknown): [n: number, d: number] {
  if (typeof f !== 'function') throw new InvalidArgumentError('f', 'a vector field (t, x) => Tensor', f);
  assertFiniteNumber('t', t);
  const batch: Tensor = assertTensor('x', x, { rank: 2, dtype: 'float32' });
  return [batch.shape[0] as number, batch.shape[1] as number];
}
