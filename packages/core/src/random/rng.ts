import { deriveSeed, type Seed } from './hash.js';

const TWO_POW_32 = 2 ** 32;

/**
 * A seeded pseudo-random generator on the host (xoshiro128**), float64 output.
 *
 * @remarks
 * Every random draw in gen goes through this class (or the tensor helpers built on it), so results depend only
 * on the seed, never on the backend or on `Math.random`. The state is seeded from {@link deriveSeed} with a
 * SplitMix-style expansion; uniforms use 53 random bits; normals use the Box–Muller transform (both values of
 * each pair are used).
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * const u = rng.uniform();   // in [0, 1)
 * const z = rng.normal();    // standard normal
 * ```
 * @see Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 2021.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | undefined;

  /**
   * @param seed - A non-negative safe integer.
   * @throws {@link InvalidArgumentError} when `seed` is not a non-negative safe integer.
   */
  constructor(seed: Seed) {
    this.s0 = deriveSeed(seed, 0);
    this.s1 = deriveSeed(seed, 1);
    this.s2 = deriveSeed(seed, 2);
    this.s3 = deriveSeed(seed, 3);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * The next 32 random bits.
   *
   * @returns An unsigned 32-bit integer.
   */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * A uniform draw on [0, 1) with 53 random bits.
   *
   * @returns A float64 in [0, 1).
   */
  uniform(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /**
   * A standard normal draw (Box–Muller).
   *
   * @returns A float64 from N(0, 1).
   */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return z;
    }
    const u1 = 1 - this.uniform(); // (0, 1]: log stays finite
    const u2 = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * A uniform integer in [0, n).
   *
   * @param n - The number of outcomes, a positive integer ≤ 2³².
   * @returns An integer in [0, n).
   */
  integer(n: number): number {
    // Rejection sampling removes modulo bias.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /**
   * Fills `out` with standard normal draws: the same numbers as calling {@link Rng.normal} `out.length` times,
   * generated a Box–Muller pair at a time (the hot path of Brownian paths and noise tensors).
   *
   * @param out - The array to fill (float32 or float64).
   * @returns `out`.
   */
  fillNormal<T extends Float32Array | Float64Array>(out: T): T {
    let i = 0;
    if (this.spareNormal !== undefined && out.length > 0) out[i++] = this.normal();
    for (; i + 1 < out.length; i += 2) {
      const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
      const angle = 2 * Math.PI * this.uniform();
      out[i] = radius * Math.cos(angle);
      out[i + 1] = radius * Math.sin(angle);
    }
    if (i < out.length) out[i] = this.normal();
    return out;
  }

  /**
   * Fills `out` with uniform draws on [0, 1).
   *
   * @param out - The array to fill.
   * @returns `out`.
   */
  fillUniform<T extends Float32Array | Float64Array>(out: T): T {
    for (let i = 0; i < out.length; i += 1) out[i] = this.uniform();
    return out;
  }

  /**
   * Fills `out` with Rademacher draws (±1 with probability ½ each), one random bit per entry.
   *
   * @param out - The array to fill.
   * @returns `out`.
   */
  fillRademacher<T extends Float32Array | Float64Array>(out: T): T {
    let bits = 0;
    for (let i = 0; i < out.length; i += 1) {
      if (i % 32 === 0) bits = this.nextUint32();
      out[i] = (bits >>> (i % 32)) & 1 ? 1 : -1;
    }
    return out;
  }

  /**
   * A random permutation of 0…n−1 (Fisher–Yates).
   *
   * @param n - The length, a non-negative integer.
   * @returns A new `Int32Array` holding the permutation.
   */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i += 1) p[i] = i;
    for (let i = n - 1; i > 0; i -= 1) {
      const j = this.integer(i + 1);
      const tmp = p[i] as number;
      p[i] = p[j] as number;
      p[j] = tmp;
    }
    return p;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
