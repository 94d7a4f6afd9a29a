import { InvalidArgumentError } from './invalid-argument-error.js';

/**
 * A tensor argument has the wrong shape.
 *
 * @remarks
 * A subclass of {@link InvalidArgumentError}, so code that handles bad arguments in general catches it too.
 *
 * @example
 * ```ts
 * throw new ShapeError('x', '[N, 2]', x.shape); // Invalid argument "x": expected shape [N, 2], received [5, 3].
 * ```
 */
export class ShapeError extends InvalidArgumentError {
  static override readonly kind: string = 'ShapeError';

  /** The shape that arrived. */
  readonly receivedShape: readonly number[];

  /**
   * Creates the error from the expected and the received shape.
   *
   * @param parameter - The tensor parameter's name.
   * @param expectedShape - The expected shape in words or brackets, e.g. `"[N, 2]"`.
   * @param receivedShape - The shape that arrived.
   * @param hint - Optional advice on how to fix it.
   */
  constructor(parameter: string, expectedShape: string, receivedShape: readonly number[], hint?: string) {
    super(parameter, `shape ${expectedShape}`, [...receivedShape], hint);
    this.receivedShape = [...receivedShape];
  }
}
