import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { requireMemory } from '../validation/memory.js';
import { assertFiniteNumber, assertInteger } from '../validation/numbers.js';
import type { Seed } from './hash.js';
import { Rng } from './rng.js';

function checkShape(shape: readonly number[]): number {
  if (!Array.isArray(shape)) throw new InvalidArgumentError('shape', 'an array of non-negative integers', shape);
  for (const [i, d] of shape.entries()) assertInteger(`shape[${i}]`, d);
  const size = shape.reduce((a, b) => a * b, 1);
  requireMemory('shape', shape, size * 4, 'float32 tensor');
  return size;
}

/**
 * A float32 tensor of standard normal draws (or N(mean, std²)), reproducible from the seed on every backend.
 *
 * @remarks
 * Drawn on the host by {@link Rng}, so the numbers do not depend on the backend (unlike `tf.randomNormal`).
 *
 * @param shape - The tensor shape.
 * @param seed - A non-negative safe integer.
 * @param mean - The mean (default 0).
 * @param std - The standard deviation (default 1).
 * @returns A new tensor of `shape`, owned by the caller.
 * @throws {@link InvalidArgumentError} for a bad shape, seed, mean or std; {@link ResourceLimitError}
 *   when the tensor would exceed the allocation limit.
 * @example
 * ```ts
 * const z = randomNormal([1024, 2], 7);
 * ```
 */
export function randomNormal(shape: readonly number[], seed: Seed, mean = 0, std = 1): tf.Tensor {
  const size = checkShape(shape);
  assertFiniteNumber('mean', mean);
  assertFiniteNumber('std', std);
  const values = new Rng(seed).fillNormal(new Float32Array(size));
  if (mean !== 0 || std !== 1) for (let i = 0; i < size; i += 1) values[i] = mean + std * (values[i] as number);
  return tf.tensor(values, [...shape], 'float32');
}

/**
 * A float32 tensor of uniform draws on [min, max), reproducible from the seed on every backend.
 *
 * @param shape - The tensor shape.
 * @param seed - A non-negative safe integer.
 * @param min - The lower bound (default 0).
 * @param max - The upper bound (default 1), greater than `min`.
 * @returns A new tensor of `shape`, owned by the caller.
 * @throws {@link InvalidArgumentError} for a bad shape or seed, or `max ≤ min`; {@link ResourceLimitError}
 *   when the tensor would exceed the allocation limit.
 * @example
 * ```ts
 * const t = randomUniform([256], 3); // one time per sample
 * ```
 */
export function randomUniform(shape: readonly number[], seed: Seed, min = 0, max = 1): tf.Tensor {
  const size = checkShape(shape);
  assertFiniteNumber('min', min);
  assertFiniteNumber('max', max);
  if (!(max > min)) throw new InvalidArgumentError('max', `a number greater than min = ${min}`, max);
  const values = new Rng(seed).fillUniform(new Float32Array(size));
  for (let i = 0; i < size; i += 1) values[i] = min + (max - min) * (values[i] as number);
  return tf.tensor(values, [...shape], 'float32');
}

/**
 * A float32 tensor of Rademacher draws (±1, each with probability ½), e.g. Hutchinson probes.
 *
 * @param shape - The tensor shape.
 * @param seed - A non-negative safe integer.
 * @returns A new tensor of `shape`, owned by the caller.
 * @throws {@link InvalidArgumentError} for a bad shape or seed; {@link ResourceLimitError} when the tensor would
 *   exceed the allocation limit.
 * @example
 * ```ts
 * const probe = randomRademacher([1024, 2], 11);
 * ```
 */
export function randomRademacher(shape: readonly number[], seed: Seed): tf.Tensor {
  const size = checkShape(shape);
  return tf.tensor(new Rng(seed).fillRademacher(new Float32Array(size)), [...shape], 'float32');
}
