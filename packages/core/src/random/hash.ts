import { assertInteger } from '../validation/numbers.js';

/** A seed: a non-negative safe integer. Equal seeds give equal numbers everywhere in gen. */
export type Seed = number;

/**
 * Mixes 32 bits into 32 well-scrambled bits (the murmur3 finaliser).
 *
 * @param x - Any 32-bit integer.
 * @returns The mixed value as an unsigned 32-bit integer.
 */
function fmix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Derives an independent child seed from a seed and a list of integer keys (a stream index, a step number, a
 * node of a Brownian tree), so that each consumer gets its own reproducible stream.
 *
 * @remarks
 * Hashes the seed's low and high 32-bit words and each key through the murmur3 finaliser in sequence. Distinct
 * key lists give statistically independent streams; the same inputs always give the same output.
 *
 * @param seed - The parent seed (a non-negative safe integer).
 * @param keys - Integer keys identifying the child stream.
 * @returns A child seed in [0, 2³²).
 * @throws {@link InvalidArgumentError} when `seed` or a key is not a non-negative safe integer.
 * @example
 * ```ts
 * const probeSeed = deriveSeed(seed, 1); // independent of deriveSeed(seed, 2)
 * ```
 */
export function deriveSeed(seed: Seed, ...keys: number[]): number {
  assertInteger('seed', seed);
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  h = fmix32(h ^ Math.floor(seed / 2 ** 32) ^ 0x7f4a7c15);
  for (const [i, key] of keys.entries()) {
    assertInteger(`keys[${i}]`, key);
    h = fmix32(Math.imul(h ^ (key >>> 0), 0x27d4eb2f) ^ Math.floor(key / 2 ** 32));
  }
  return h;
}
