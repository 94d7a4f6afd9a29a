import { ResourceLimitError } from '../errors/resource-limit-error.js';
import { assertPositive } from './numbers.js';

/**
 * The default allocation limit: 1 GiB for one tensor, one host array, or one model's parameters with their
 * optimiser state.
 *
 * @remarks
 * Chosen from the limits a request otherwise runs into, late and untyped: the wasm backend's heap is one wasm32
 * memory of at most 4 GiB − 64 KiB (tfjs-backend-wasm 4.22), which an op's inputs, output and temporaries share, so
 * a few tensors of 1 GiB already exhaust it (`gen eval -n 8000`, whose pooled 16 000² distance matrix is 1 GiB, ended
 * in "memory access out of bounds"); Node 20 caps one typed array at 4 GiB (`buffer.constants.MAX_LENGTH`) and a JS
 * array at 2³² − 1 entries ("Invalid array length").
 */
export const DEFAULT_ALLOCATION_LIMIT = 2 ** 30;

let limit = DEFAULT_ALLOCATION_LIMIT;

/**
 * The current allocation limit in bytes (see {@link setAllocationLimit}).
 *
 * @returns The limit every gen allocation of a size derived from user input is checked against.
 * @example
 * ```ts
 * allocationLimit(); // 1073741824 unless changed
 * ```
 */
export function allocationLimit(): number {
  return limit;
}

/**
 * Sets the limit that every gen allocation of a size derived from user input is checked against, for this copy of `@gen/core`.
 *
 * @remarks
 * Raise it on a backend with more memory (a GPU with a large buffer limit); lower it to fail early in a tight
 * environment. The limit bounds one allocation, not the process: a request may hold a few allocations at once.
 *
 * @param bytes - The new limit, a positive finite number of bytes.
 * @returns The previous limit, to restore it later.
 * @throws {@link InvalidArgumentError} when `bytes` is not positive and finite.
 * @example
 * ```ts
 * const previous = setAllocationLimit(4 * 2 ** 30); // 4 GiB on a GPU
 * setAllocationLimit(previous);
 * ```
 */
export function setAllocationLimit(bytes: number): number {
  assertPositive('bytes', bytes);
  const previous = limit;
  limit = bytes;
  return previous;
}

/**
 * Refuses a request that needs more than the allocation limit, before anything is allocated.
 *
 * @remarks
 * Call it with the size a request will allocate (elements × bytes per element, computed in float64, so even
 * absurd sizes such as 10¹⁶ weights compare correctly) at the public boundary that receives the size. It costs
 * O(1) and allocates nothing.
 *
 * @param parameter - The name of the size that determines the allocation, e.g. `"n"`.
 * @param value - That parameter's value, echoed in the message.
 * @param bytes - The bytes the request needs.
 * @param what - What would be allocated, read after "a size whose", e.g. `"[n, 2] float32 sample"`.
 * @throws {@link ResourceLimitError} (an {@link InvalidArgumentError}) stating the bytes needed and the limit,
 *   when `bytes` exceeds {@link allocationLimit} or is not a finite number.
 * @example
 * ```ts
 * requireMemory('n', n, n * dim * 4, `[n, ${dim}] float32 sample`);
 * ```
 */
export function requireMemory(parameter: string, value: unknown, bytes: number, what: string): void {
  if (!(bytes <= limit)) throw new ResourceLimitError(parameter, value, bytes, limit, what);
}
