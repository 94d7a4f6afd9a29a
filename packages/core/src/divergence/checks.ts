import type { Tensor } from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { VectorField } from '../types.js';
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

/**
 * Evaluates a field and checks that it returned a tensor of the same shape as its input.
 *
 * @param f - The vector field.
 * @param t - The time.
 * @param x - The batch [N, D]; not disposed.
 * @returns f(t, x), [N, D], owned by the caller.
 * @throws {@link ShapeError} (parameter `"f(t, x)"`) when the output shape differs from `x`'s.
 */
export function evaluateField(f: VectorField, t: number, x: Tensor): Tensor {
  return assertTensor('f(t, x)', f(t, x), { shape: x.shape });
}
