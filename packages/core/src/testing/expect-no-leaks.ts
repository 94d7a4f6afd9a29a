import * as tf from '@tensorflow/tfjs';

/**
 * Runs `fn` and checks that it leaves `tf.memory().numTensors` unchanged apart from the tensors it returns.
 *
 * @remarks
 * Returned tensors are found by walking the result (arrays, plain objects, `Map` values) one level at a time,
 * so a function returning `{ ys, stats }` is allowed to keep `ys`. Works with sync and async functions. The
 * caller still owns (and should dispose) what `fn` returned.
 *
 * @param fn - The call to check.
 * @returns What `fn` returned.
 * @throws `Error` naming the number of leaked (or over-disposed) tensors.
 * @example
 * ```ts
 * const logp = await expectNoLeaks(() => dist.logProb(x));
 * logp.dispose();
 * ```
 */
export async function expectNoLeaks<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const returned = countTensors(result, new Set());
  const after = tf.memory().numTensors;
  const leaked = after - before - returned;
  if (leaked !== 0) {
    throw new Error(
      `expectNoLeaks: ${leaked > 0 ? `${leaked} tensor(s) leaked` : `${-leaked} tensor(s) too many were disposed`} ` +
        `(before ${before}, after ${after}, returned ${returned}).`,
    );
  }
  return result;
}

function countTensors(value: unknown, seen: Set<unknown>): number {
  if (value === null || typeof value !== 'object' || seen.has(value)) return 0;
  seen.add(value);
  if (value instanceof tf.Tensor) return value.isDisposed ? 0 : 1;
  if (ArrayBuffer.isView(value)) return 0;
  const children = value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : Object.values(value);
  return children.reduce<number>((sum, child) => sum + countTensors(child, seen), 0);
}
