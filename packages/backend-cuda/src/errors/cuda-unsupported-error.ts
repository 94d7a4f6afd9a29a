import { GenError } from '@gen/core';

/**
 * The cuda backend was given something it does not implement: a dtype a kernel has no device code for (`int32`
 * for `Sigmoid`), a tensor it cannot store (`string`, `complex64`), or an attribute value (`_FusedMatMul`'s
 * `relu6` activation).
 *
 * @remarks
 * A kernel that is not registered at all is reported by tfjs itself, as `Kernel 'X' not registered for backend
 * 'cuda'`; this error is for kernels that exist but not for this input.
 *
 * @example
 * ```ts
 * throw new CudaUnsupportedError("kernel 'Sigmoid'", 'dtype', 'int32', ['float32']);
 * // The cuda backend's kernel 'Sigmoid' does not support dtype int32 (supported: float32).
 * ```
 */
export class CudaUnsupportedError extends GenError {
  static override readonly kind: string = 'CudaUnsupportedError';

  /** What refused: `"kernel 'Sigmoid'"` or `'tensor storage'`. */
  readonly subject: string;
  /** What was unsupported: `'dtype'` or an attribute name such as `'activation'`. */
  readonly input: string;
  /** The value that arrived, e.g. `'int32'`. */
  readonly received: string;
  /** The values that are implemented. */
  readonly supported: readonly string[];

  /**
   * Creates the error.
   *
   * @param subject - What refused, e.g. `"kernel 'Sigmoid'"`.
   * @param input - `'dtype'` or the attribute's name.
   * @param received - The value that arrived.
   * @param supported - The values that are implemented.
   */
  constructor(subject: string, input: string, received: string, supported: readonly string[]) {
    super(`The cuda backend's ${subject} does not support ${input} ${received} (supported: ${supported.join(', ')}).`);
    this.subject = subject;
    this.input = input;
    this.received = received;
    this.supported = [...supported];
  }
}
