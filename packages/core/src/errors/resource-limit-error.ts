import { InvalidArgumentError } from './invalid-argument-error.js';

/**
 * A request would allocate more memory than the allocation limit allows, and was refused before allocating.
 *
 * @remarks
 * A subclass of {@link InvalidArgumentError}, so code that handles bad arguments in general (the `gen` CLI exits
 * 2 with one line) catches it too. `parameter` names the size that is too large, `bytes` is what the request
 * needs and `limit` the limit it was checked against (see `requireMemory` and `setAllocationLimit`).
 *
 * @example
 * ```ts
 * throw new ResourceLimitError('n', 1e9, 8e9, 2 ** 30, '[n, 2] float32 sample');
 * // Invalid argument "n": expected a size whose [n, 2] float32 sample fits in 1 GiB, received 1000000000.
 * //   It needs 7.45 GiB; lower "n", or raise the limit with setAllocationLimit().
 * ```
 */
export class ResourceLimitError extends InvalidArgumentError {
  static override readonly kind: string = 'ResourceLimitError';

  /** The bytes the request needs. */
  readonly bytes: number;
  /** The allocation limit in bytes it exceeds. */
  readonly limit: number;

  /**
   * Creates the error from the parameter, its value, the bytes needed and the limit.
   *
   * @param parameter - The name of the size that is too large, e.g. `"n"` or `"options.hidden"`.
   * @param received - That parameter's value.
   * @param bytes - The bytes the request needs.
   * @param limit - The limit in bytes.
   * @param what - What would be allocated, to follow "whose", e.g. `"[n, 2] float32 sample"`.
   */
  constructor(parameter: string, received: unknown, bytes: number, limit: number, what: string) {
    super(
      parameter,
      `a size whose ${what} fits in ${formatBytes(limit)}`,
      received,
      `It needs ${formatBytes(bytes)}; lower "${parameter}", or raise the limit with setAllocationLimit().`,
    );
    this.bytes = bytes;
    this.limit = limit;
  }
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/**
 * Formats a byte count in binary units with three significant digits (whole numbers from 100 up), e.g.
 * `"7.45 GiB"`, `"512 bytes"`.
 *
 * @param bytes - A non-negative byte count (any magnitude; above the largest unit it is written in EiB).
 * @returns The count in words.
 * @example
 * ```ts
 * formatBytes(2 ** 30); // "1 GiB"
 * formatBytes(8e9); // "7.45 GiB"
 * ```
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit + 1 < UNITS.length) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : Number(value.toPrecision(3))} ${UNITS[unit]}`;
}
