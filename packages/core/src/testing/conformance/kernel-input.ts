import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../random/hash.js';
import { Rng } from '../../random/rng.js';

/**
 * How one input of a {@link KernelCase} is filled: seeded values generated on the host, so that every backend
 * receives the same numbers. Build one with {@link uniformInput}, {@link integerInput}, {@link booleanInput} or
 * {@link fixedInput}.
 */
export type KernelInput =
  | {
      /** Uniform float32 values in [low, high). */
      readonly kind: 'uniform';
      /** The tensor shape. */
      readonly shape: readonly number[];
      /** Smallest value (included). */
      readonly low: number;
      /** Largest value (excluded). */
      readonly high: number;
    }
  | {
      /** Uniform integers in [low, high), stored as `dtype` (float32 integers make ties for comparisons). */
      readonly kind: 'integers';
      /** The tensor shape. */
      readonly shape: readonly number[];
      /** Smallest value (included). */
      readonly low: number;
      /** Largest value (excluded). */
      readonly high: number;
      /** The tensor dtype. */
      readonly dtype: 'float32' | 'int32';
    }
  | {
      /** Fair coin flips, a bool tensor. */
      readonly kind: 'booleans';
      /** The tensor shape. */
      readonly shape: readonly number[];
    }
  | {
      /** Exactly these values (e.g. non-finite ones). */
      readonly kind: 'fixed';
      /** The tensor shape. */
      readonly shape: readonly number[];
      /** The values in row-major order. */
      readonly values: readonly number[];
      /** The tensor dtype. */
      readonly dtype: 'float32' | 'int32' | 'bool';
    };

/**
 * A float32 input with seeded uniform values in [low, high).
 *
 * @param shape - The tensor shape.
 * @param low - Smallest value (default −1).
 * @param high - Largest value, excluded (default 1).
 * @returns The input description.
 * @example
 * ```ts
 * const positive = uniformInput([4, 5], 0.01, 10); // a well-defined argument for log
 * ```
 */
export function uniformInput(shape: readonly number[], low = -1, high = 1): KernelInput {
  return { kind: 'uniform', shape, low, high };
}

/**
 * An input of seeded uniform integers in [low, high).
 *
 * @param shape - The tensor shape.
 * @param low - Smallest value (included).
 * @param high - Largest value (excluded).
 * @param dtype - `'int32'` (default), or `'float32'` for integer-valued floats (ties and zeros on purpose).
 * @returns The input description.
 * @example
 * ```ts
 * const indices = integerInput([6], 0, 4); // gather indices into an axis of length 4
 * ```
 */
export function integerInput(
  shape: readonly number[],
  low: number,
  high: number,
  dtype: 'float32' | 'int32' = 'int32',
): KernelInput {
  return { kind: 'integers', shape, low, high, dtype };
}

/**
 * A bool input of seeded fair coin flips.
 *
 * @param shape - The tensor shape.
 * @returns The input description.
 * @example
 * ```ts
 * const mask = booleanInput([3, 4]);
 * ```
 */
export function booleanInput(shape: readonly number[]): KernelInput {
  return { kind: 'booleans', shape };
}

/**
 * An input with exactly the given values.
 *
 * @param shape - The tensor shape.
 * @param values - The values in row-major order (`NaN` and `±Infinity` allowed for float32).
 * @param dtype - The tensor dtype (default `'float32'`).
 * @returns The input description.
 * @example
 * ```ts
 * const special = fixedInput([4], [0, Number.NaN, Infinity, -Infinity]);
 * ```
 */
export function fixedInput(
  shape: readonly number[],
  values: readonly number[],
  dtype: 'float32' | 'int32' | 'bool' = 'float32',
): KernelInput {
  return { kind: 'fixed', shape, values, dtype };
}

/** An input's values on the host, ready to become a tensor on any backend. */
export interface HostTensor {
  /** The values in row-major order. */
  readonly values: Float32Array | Int32Array | Uint8Array;
  /** The shape. */
  readonly shape: readonly number[];
  /** The dtype. */
  readonly dtype: 'float32' | 'int32' | 'bool';
}

/**
 * Generates the values of a case's inputs, seeded by the case name and the input's position.
 *
 * @param name - The case name.
 * @param inputs - The input descriptions.
 * @returns One host tensor per input.
 */
export function generateInputs(name: string, inputs: readonly KernelInput[]): HostTensor[] {
  const nameKeys = Array.from(name, (c) => c.codePointAt(0) as number);
  return inputs.map((input, i) => ({
    shape: input.shape,
    dtype: input.kind === 'uniform' ? 'float32' : input.kind === 'booleans' ? 'bool' : input.dtype,
    values: generateValues(input, new Rng(deriveSeed(i, ...nameKeys))),
  }));
}

function generateValues(input: KernelInput, rng: Rng): Float32Array | Int32Array | Uint8Array {
  const length = tf.util.sizeFromShape([...input.shape]);
  switch (input.kind) {
    case 'uniform':
      return Float32Array.from({ length }, () => input.low + (input.high - input.low) * rng.uniform());
    case 'integers': {
      const draw = () => input.low + rng.integer(input.high - input.low);
      return input.dtype === 'int32' ? Int32Array.from({ length }, draw) : Float32Array.from({ length }, draw);
    }
    case 'booleans':
      return Uint8Array.from({ length }, () => rng.integer(2));
    case 'fixed':
      return input.dtype === 'float32'
        ? Float32Array.from(input.values)
        : input.dtype === 'int32'
          ? Int32Array.from(input.values)
          : Uint8Array.from(input.values);
  }
}
