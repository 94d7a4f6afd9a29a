import type { Tensor } from '@tensorflow/tfjs';

/**
 * A short description of any value for error messages: a tensor's dtype and shape, a number as written
 * (NaN and infinities included), an array's length, or the value's type.
 *
 * @param value - The value that arrived.
 * @returns A one-line description, e.g. `"Tensor float32 [3, 2]"`, `"-1"`, `"[5, 3]"` (a short array of
 *   numbers), `"array of length 40"`.
 * @example
 * ```ts
 * describeValue(tf.zeros([3, 2])); // "Tensor float32 [3, 2]"
 * ```
 */
export function describeValue(value: unknown): string {
  if (isTensorLike(value))
    return `${value.isDisposed ? 'disposed ' : ''}Tensor ${value.dtype} ${formatShape(value.shape)}`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    const short = value.length <= 8 && value.every((v) => typeof v === 'number');
    return short ? formatShape(value) : `array of length ${value.length}`;
  }
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (value === null) return 'null';
  return typeof value;
}

/**
 * Formats a shape as `[a, b, c]`.
 *
 * @param shape - The dimensions.
 * @returns The shape in brackets.
 * @example
 * ```ts
 * formatShape([4, 2]); // "[4, 2]"
 * ```
 */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function isTensorLike(value: unknown): value is Tensor {
  return (
    typeof value === 'object' &&
    value !== null &&
    'dtype' in value &&
    'shape' in value &&
    Array.isArray((value as { shape: unknown }).shape)
  );
}
