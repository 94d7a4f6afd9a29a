/** Seeded inputs, so that every binding (and every run) sees the same numbers. */

/** mulberry32: a 32-bit state PRNG giving uniform floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** `n` float32 values uniform in [lo, hi). */
export function uniform(random: () => number, n: number, lo: number, hi: number): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * random());
}

/** `n` int32 values uniform in [lo, hi]. */
export function integers(random: () => number, n: number, lo: number, hi: number): Int32Array {
  return Int32Array.from({ length: n }, () => lo + Math.floor((hi - lo + 1) * random()));
}

/** `n` bools (0 or 1). */
export function bools(random: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => (random() < 0.5 ? 1 : 0));
}

/** The values every float op must handle: signed zeros, infinities, NaN, a subnormal, the largest float32. */
export const SPECIAL_FLOATS = [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1e-40, 3.4e38];

/** `values` followed by {@link SPECIAL_FLOATS}. */
export function withSpecials(values: Float32Array): Float32Array {
  return Float32Array.from([...values, ...SPECIAL_FLOATS]);
}
