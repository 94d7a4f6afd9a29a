import { describeValue } from './describe.js';
import { GenError } from './gen-error.js';

/**
 * A public function received an argument it cannot use.
 *
 * @remarks
 * The message names the parameter, what was expected, what arrived, and (when there is one) how to fix it:
 * `Invalid argument "rtol": expected a positive finite number, received -1. Use e.g. 1e-5.`
 *
 * @example
 * ```ts
 * if (!(rtol > 0)) throw new InvalidArgumentError('rtol', 'a positive finite number', rtol, 'Use e.g. 1e-5.');
 * ```
 */
export class InvalidArgumentError extends GenError {
  static override readonly kind: string = 'InvalidArgumentError';

  /** The name of the offending parameter, as the caller wrote it (e.g. `"options.rtol"`). */
  readonly parameter: string;
  /** What the parameter must be. */
  readonly expected: string;
  /** A description of what arrived. */
  readonly received: string;

  /**
   * Creates the error from the parameter, the expectation and the value that arrived.
   *
   * @param parameter - The parameter's name.
   * @param expected - What it must be, phrased to follow "expected".
   * @param received - The value that arrived (described in the message by type, shape or a bounded excerpt).
   * @param hint - Optional advice on how to fix it.
   */
  constructor(parameter: string, expected: string, received: unknown, hint?: string) {
    const receivedText = describeValue(received);
    super(`Invalid argument "${parameter}": expected ${expected}, received ${receivedText}.${hint ? ` ${hint}` : ''}`);
    this.parameter = parameter;
    this.expected = expected;
    this.received = receivedText;
  }
}
