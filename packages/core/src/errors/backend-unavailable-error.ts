import { GenError } from './gen-error.js';

/**
 * A tfjs backend that was asked for by name is known but cannot run here (its package is not installed, the
 * device is missing, or its initialisation failed).
 *
 * @example
 * ```ts
 * throw new BackendUnavailableError('webgl', 'WebGL is not available in Node.');
 * ```
 */
export class BackendUnavailableError extends GenError {
  static override readonly kind: string = 'BackendUnavailableError';

  /** The backend that was asked for. */
  readonly backend: string;
  /** Why it cannot run. */
  readonly reason: string;

  /**
   * Creates the error for one backend.
   *
   * @param backend - The backend name.
   * @param reason - Why it is unavailable, and what to do instead.
   */
  constructor(backend: string, reason: string) {
    super(`The tfjs backend "${backend}" is not available: ${reason}`);
    this.backend = backend;
    this.reason = reason;
  }
}
