import type * as tf from '@tensorflow/tfjs';

/**
 * A computation that pauses whenever it needs numbers from the device: it yields a tensor, and whoever drives it
 * (synchronously with `dataSync`, or asynchronously with `await data()`) sends the values back. This is how
 * `odeint` and `odeintSync` share one solver loop.
 */
export type Readbacks<T> = Generator<tf.Tensor, T, Values>;

/** The numbers a readback returns: a typed array's values. */
export type Values = ArrayLike<number> & Iterable<number>;

/**
 * Reads a tensor's values through the driver, then disposes the tensor.
 *
 * @param tensor - A tensor the generator owns (disposed here).
 * @returns The values (inside a generator: `const [a, b] = yield* readValues(t)`).
 */
export function* readValues(tensor: tf.Tensor): Readbacks<Values> {
  const values = yield tensor;
  tensor.dispose();
  return values;
}

/**
 * Runs a {@link Readbacks} computation synchronously (`dataSync`), e.g. inside `tf.grad`.
 *
 * @param computation - The generator.
 * @returns Its result.
 */
export function runSync<T>(computation: Readbacks<T>): T {
  let step = computation.next();
  while (!step.done) step = computation.next(step.value.dataSync() as Values);
  return step.value;
}

/**
 * Runs a {@link Readbacks} computation asynchronously (`await data()`), never blocking a browser's main thread on
 * a GPU readback.
 *
 * @param computation - The generator.
 * @returns Its result.
 */
export async function runAsync<T>(computation: Readbacks<T>): Promise<T> {
  let step = computation.next();
  while (!step.done) step = computation.next((await step.value.data()) as Values);
  return step.value;
}
