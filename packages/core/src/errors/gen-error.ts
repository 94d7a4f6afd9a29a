const KINDS = Symbol.for('@gen/core.errorKinds');

/**
 * Base class of every error that gen throws on purpose.
 *
 * @remarks
 * `instanceof` fails when two copies of `@gen/core` are loaded (a bundler that duplicates the package, or a
 * library and an app resolving different versions). Every gen error therefore carries a marker registered with
 * `Symbol.for`, and `GenError.isInstance(value)` (or `InvalidArgumentError.isInstance(value)`, …) checks that
 * marker, so the test holds across copies.
 *
 * @example
 * ```ts
 * try {
 *   await odeint(f, y0, [0, 1], { rtol: -1 });
 * } catch (error) {
 *   if (InvalidArgumentError.isInstance(error)) console.error(error.parameter, error.message);
 * }
 * ```
 */
export class GenError extends Error {
  /** The stable kind name this class adds to the marker; subclasses override it. */
  static readonly kind: string = 'GenError';

  /** The kind names of this error's class and all its gen ancestors, most derived first. */
  readonly [KINDS]: readonly string[];

  /**
   * Creates a gen error with a full message.
   *
   * @param message - The full, human-readable message.
   * @param options - Standard `ErrorOptions`, e.g. a `cause`.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    const kinds: string[] = [];
    for (let ctor: unknown = new.target; isGenErrorClass(ctor); ctor = Object.getPrototypeOf(ctor)) {
      kinds.push(ctor.kind);
    }
    this[KINDS] = kinds;
    this.name = kinds[0] ?? 'GenError';
  }

  /**
   * Whether `value` is an instance of this class (or a subclass), even when it was created by another loaded
   * copy of `@gen/core`.
   *
   * @param value - Anything, typically a caught error.
   * @returns `true` when `value` carries this class's marker.
   */
  static isInstance<T extends GenError>(
    this: { readonly kind: string; readonly prototype: T },
    value: unknown,
  ): value is T {
    if (typeof value !== 'object' || value === null) return false;
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass isInstance was called on.
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }
}

function isGenErrorClass(value: unknown): value is typeof GenError {
  return typeof value === 'function' && Object.hasOwn(value, 'kind');
}
