import type * as tf from '@tensorflow/tfjs';

/**
 * The tensors a solve loop owns: whatever it has not yet released or handed to the caller is disposed at the end,
 * on success and on every failure.
 *
 * @example
 * ```ts
 * const owned = new OwnedTensors();
 * try {
 *   const y = owned.own(tf.clone(y0));
 *   owned.release(y); // disposed now
 * } finally {
 *   owned.disposeAll();
 * }
 * ```
 */
export class OwnedTensors {
  readonly #owned = new Set<tf.Tensor>();

  /**
   * Takes ownership of tensors.
   *
   * @param xs - Tensors to own.
   * @returns The first of them (for `const y = owned.own(f(t, y))`).
   */
  own<T extends tf.Tensor>(x: T, ...xs: tf.Tensor[]): T {
    this.#owned.add(x);
    for (const other of xs) this.#owned.add(other);
    return x;
  }

  /**
   * Disposes the tensors given that are owned here (others are left alone).
   *
   * @param xs - Tensors, or undefined entries (skipped).
   */
  release(...xs: (tf.Tensor | undefined)[]): void {
    for (const x of xs) {
      if (x !== undefined && this.#owned.delete(x)) x.dispose();
    }
  }

  /**
   * Gives up ownership of a tensor without disposing it (it goes to the caller).
   *
   * @param x - An owned tensor.
   * @returns `x`.
   */
  handOver<T extends tf.Tensor>(x: T): T {
    this.#owned.delete(x);
    return x;
  }

  /** Disposes every tensor still owned. */
  disposeAll(): void {
    for (const x of this.#owned) x.dispose();
    this.#owned.clear();
  }
}
