import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * Runs `fn` and checks that it throws a typed bad-input error of exactly `errorClass` naming `parameter`.
 *
 * @param fn - The call expected to fail.
 * @param errorClass - `InvalidArgumentError` or a subclass such as `ShapeError`.
 * @param parameter - The parameter the error must name (its `parameter` field and, in quotes, its message).
 * @throws `Error` describing what was thrown instead (or that nothing was).
 * @example
 * ```ts
 * expectInvalidArgument(() => new DiagonalGaussian({ mean: [0], std: [-1] }), InvalidArgumentError, 'options.std[0]');
 * ```
 */
export function expectInvalidArgument(
  fn: () => unknown,
  errorClass: { readonly kind: string },
  parameter: string,
): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  const describe = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
  if (!InvalidArgumentError.isInstance(caught) || caught.name !== errorClass.kind) {
    throw new Error(
      `expected a ${errorClass.kind} naming "${parameter}", got ${caught === undefined ? 'no error' : describe}`,
    );
  }
  if (caught.parameter !== parameter || !caught.message.includes(`"${parameter}"`)) {
    throw new Error(`expected the error to name "${parameter}", got ${describe}`);
  }
}
