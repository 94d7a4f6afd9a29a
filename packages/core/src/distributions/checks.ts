import type { Tensor } from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Seed } from '../random/hash.js';
import { requireMemory } from '../validation/memory.js';
import { assertFiniteNumber, assertInteger, assertPositive } from '../validation/numbers.js';
import { assertTensor } from '../validation/tensors.js';

/**
 * Checks the argument of `Distribution.logProb`: a live float32 tensor of shape [N, dim].
 *
 * @param x - The batch.
 * @param dim - The distribution's dimension.
 * @returns `x`, typed as a tensor.
 * @throws {@link ShapeError} for a wrong rank or D; {@link InvalidArgumentError} for a non-tensor or dtype.
 */
export function assertBatch(x: unknown, dim: number): Tensor {
  return assertTensor('x', x, { shape: [null, dim], dtype: 'float32' });
}

/**
 * Checks the arguments of `Distribution.sample`, and that the [n, dim] float32 sample fits the allocation limit.
 *
 * @param n - Must be an integer ≥ 1.
 * @param seed - Must be a non-negative safe integer.
 * @param dim - The distribution's dimension D.
 * @throws {@link InvalidArgumentError} naming `n` or `seed`; {@link ResourceLimitError} naming `n` when n·D·4
 *   bytes exceed the allocation limit.
 */
export function assertSampleArgs(n: unknown, seed: Seed, dim: number): void {
  const rows = assertInteger('n', n, 1);
  assertInteger('seed', seed);
  requireMemory('n', rows, rows * dim * 4, `[n, ${dim}] float32 sample`);
}

/**
 * Checks that `value` is a non-empty array of finite numbers (of the given length, when given) and copies it.
 *
 * @param parameter - The parameter's name for the error message.
 * @param value - The value to check.
 * @param length - The required length, if any.
 * @returns A frozen copy.
 * @throws {@link InvalidArgumentError} naming the parameter or the offending entry.
 */
export function finiteVector(parameter: string, value: unknown, length?: number): readonly number[] {
  checkArray(parameter, value, length);
  return Object.freeze(value.map((v, i) => assertFiniteNumber(`${parameter}[${i}]`, v)));
}

/**
 * Checks that `value` is a non-empty array of positive finite numbers (of the given length, when given) and
 * copies it.
 *
 * @param parameter - The parameter's name for the error message.
 * @param value - The value to check.
 * @param length - The required length, if any.
 * @returns A frozen copy.
 * @throws {@link InvalidArgumentError} naming the parameter or the offending entry.
 */
export function positiveVector(parameter: string, value: unknown, length?: number): readonly number[] {
  checkArray(parameter, value, length);
  return Object.freeze(value.map((v, i) => assertPositive(`${parameter}[${i}]`, v)));
}

function checkArray(parameter: string, value: unknown, length: number | undefined): asserts value is unknown[] {
  const expected = length === undefined ? 'a non-empty array of numbers' : `an array of ${length} numbers`;
  if (!Array.isArray(value) || value.length === 0 || (length !== undefined && value.length !== length)) {
    throw new InvalidArgumentError(parameter, expected, value);
  }
}

/** log(2π), in float64. */
export const LOG_2PI = Math.log(2 * Math.PI);
