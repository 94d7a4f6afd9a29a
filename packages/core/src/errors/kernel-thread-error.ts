import { GenError } from './gen-error.js';

/**
 * A worker thread of gen's wasm kernel pool failed: a kernel trapped in it, it did not finish within the pool's
 * time bound, or it could not start.
 *
 * @remarks
 * The pool splits a batch by rows between the calling thread and its workers; when a worker's share fails, the call
 * throws this error once every other share has finished (never a hang: a worker that does not answer within the
 * pool's `timeoutMs` is terminated and named here). `thread` is the worker's number (1 for the first worker; the
 * calling thread is 0) and `kernel` the exported function that ran.
 *
 * @example
 * ```ts
 * try {
 *   pool.run('mlp_forward', rows, args);
 * } catch (error) {
 *   if (KernelThreadError.isInstance(error)) console.error(error.thread, error.kernel, error.message);
 * }
 * ```
 */
export class KernelThreadError extends GenError {
  static override readonly kind: string = 'KernelThreadError';

  /** The worker that failed (1 for the first worker). */
  readonly thread: number;
  /** The exported kernel function it ran, or `"startup"` when it failed to start. */
  readonly kernel: string;

  /**
   * Creates the error for one worker.
   *
   * @param thread - The worker's number (1 for the first).
   * @param kernel - The kernel it ran, or `"startup"`.
   * @param reason - What happened, e.g. the worker's own error message (bounded in length).
   */
  constructor(thread: number, kernel: string, reason: string) {
    super(`Kernel thread ${thread} failed in "${kernel}": ${reason}`);
    this.thread = thread;
    this.kernel = kernel;
  }
}
