import type { Tensor } from '@tensorflow/tfjs';

/** The most characters of a string that {@link describeValue} echoes. */
const MAX_ECHOED_CHARACTERS = 80;

/**
 * A short description of any value for error messages: a tensor's dtype and shape, a number as written
 * (NaN and infinities included), a string quoted (its first 80 characters, escaped, then
 * `…` and its length when longer), an array's length, or the value's type.
 *
 * @remarks
 * The description is bounded (about 110 characters at most for a string), so a message that echoes a file's
 * content stays one short line whatever the file holds.
 *
 * @param value - The value that arrived.
 * @returns A one-line description, e.g. `"Tensor float32 [3, 2]"`, `"-1"`, `"[5, 3]"` (a short array of
 *   numbers), `"array of length 40"`, `'"hhh…" (60001 characters)'`.
 * @example
 * ```ts
 * describeValue(tf.zeros([3, 2])); // "Tensor float32 [3, 2]"
 * describeValue('x'.repeat(1000)); // '"xxx…x…" (1000 characters)', with 80 x's before the ellipsis
 * ```
 */
export function describeValue(value: unknown): string {
  if (isTensorLike(value))
    return `${value.isDisposed ? 'disposed ' : ''}Tensor ${value.dtype} ${formatShape(value.shape)}`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return describeString(value);
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

/** A string quoted and escaped, cut to {@link MAX_ECHOED_CHARACTERS} characters of escaped text. */
function describeString(value: string): string {
  const quoted = JSON.stringify(value.slice(0, MAX_ECHOED_CHARACTERS + 1));
  if (value.length <= MAX_ECHOED_CHARACTERS && quoted.length <= MAX_ECHOED_CHARACTERS + 2) return quoted;
  return `${quoted.slice(0, MAX_ECHOED_CHARACTERS + 1)}…" (${value.length} characters)`;
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
