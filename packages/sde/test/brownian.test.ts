import { InvalidArgumentError, initBackend, Rng } from '@gen/core';
import { expectClose, expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import type * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BrownianPath, type BrownianPathOptions } from '../src/brownian/index.js';

/** Entries per statistical test: sample variances have relative SE √(2/n) = 1 %, correlations SE 1/√n ≈ 0.007. */
const N = 20_000;

beforeAll(async () => {
  await initBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Reads a tensor back and disposes it. */
function read(t: tf.Tensor): Float32Array {
  const values = t.dataSync() as Float32Array;
  t.dispose();
  return values;
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i += 1) s += x[i] as number;
  return s / x.length;
}

function covariance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const mx = mean(x);
  const my = mean(y);
  let s = 0;
  for (let i = 0; i < x.length; i += 1) s += ((x[i] as number) - mx) * ((y[i] as number) - my);
  return s / (x.length - 1);
}

function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return covariance(x, y) / Math.sqrt(covariance(x, x) * covariance(y, y));
}

/** Checks a sample variance against `expected` within 4 standard errors, σ²·√(2/(n − 1)). */
function expectVariance(x: ArrayLike<number>, expected: number, label: string): void {
  expectClose(covariance(x, x), expected, { atol: 4 * expected * Math.sqrt(2 / (x.length - 1)) }, label);
}

/** Checks that a sample correlation is zero within 4 standard errors, 4/√n. */
function expectUncorrelated(x: ArrayLike<number>, y: ArrayLike<number>, label: string): void {
  expectClose(correlation(x, y), 0, { atol: 4 / Math.sqrt(x.length) }, label);
}

const path = (seed: number, shape: number[] = [N], tolerance?: number): BrownianPath =>
  new BrownianPath(tolerance === undefined ? { shape, t0: 0, t1: 1, seed } : { shape, t0: 0, t1: 1, seed, tolerance });

describe('BrownianPath: distribution (20 000 entries, 4-SE tolerances)', () => {
  it('increments over disjoint intervals have variance tb − ta and are uncorrelated, dyadic or not', () => {
    const bm = path(1);
    for (const times of [
      [0, 0.25, 0.75, 1],
      [0.1, 0.3, 0.7, 0.9],
      [0.123, 0.5, 0.501, 0.8],
    ]) {
      const increments = times.slice(1).map((tb, i) => read(bm.increment(times[i] as number, tb)));
      for (const [i, dW] of increments.entries()) {
        const h = (times[i + 1] as number) - (times[i] as number);
        expectVariance(dW, h, `Var W[${times[i]}, ${times[i + 1]}]`);
        expectClose(mean(dW), 0, { atol: 4 * Math.sqrt(h / N) }, 'mean');
        for (const other of increments.slice(i + 1)) expectUncorrelated(dW, other, `corr of increments ${times}`);
      }
    }
  });

  it('the space-time Lévy area has variance h/12 and is uncorrelated with W over the same interval', () => {
    const bm = path(2);
    const intervals = [
      [0.5, 0.75], // one node
      [5 / 16, 6 / 16], // one step of a 16-step grid
      [0.25, 1], // two nodes on different levels
      [0, 0.75], // two nodes, unequal lengths
      [0.3, 0.7], // non-dyadic ends
    ] as const;
    for (const [ta, tb] of intervals) {
      const dW = read(bm.increment(ta, tb));
      const H = read(bm.spaceTimeLevyArea(ta, tb));
      expectVariance(H, (tb - ta) / 12, `Var H[${ta}, ${tb}]`);
      expectUncorrelated(H, dW, `corr(H, W) on [${ta}, ${tb}]`);
    }
  });

  it('the halves of a node are independent N(0, h/2) increments and N(0, h/24) Lévy areas', () => {
    const bm = path(3);
    const halves = [
      [0.25, 0.375],
      [0.375, 0.5],
    ] as const;
    const values = halves.flatMap(([ta, tb]) => [read(bm.increment(ta, tb)), read(bm.spaceTimeLevyArea(ta, tb))]);
    const expected = [0.125, 0.125 / 12, 0.125, 0.125 / 12];
    for (const [i, x] of values.entries()) {
      expectVariance(x, expected[i] as number, `Var of half-node value ${i}`);
      for (const y of values.slice(i + 1)) expectUncorrelated(x, y, `corr of half-node values ${i}`);
    }
  });

  it('inside a leaf, W follows the bridge mean θw + 6θ(1 − θ)η (tolerance = t1 − t0: one leaf)', () => {
    const bm = path(4, [N], 1);
    const w = read(bm.increment(0, 1));
    const eta = read(bm.spaceTimeLevyArea(0, 1));
    const firstHalf = read(bm.increment(0, 0.5));
    const secondHalf = read(bm.increment(0.5, 1));
    const areaHalf = read(bm.spaceTimeLevyArea(0, 0.5));
    expectClose(
      firstHalf,
      Array.from(w, (wi, i) => 0.5 * wi + 1.5 * (eta[i] as number)),
      { atol: 1e-6 },
      'W(0.5)',
    );
    expectClose(
      areaHalf,
      Array.from(eta, (e) => e / 4),
      { atol: 1e-6 },
      'H[0, 0.5]',
    );
    // Var = 1/4 + (3/2)²/12 = 7/16: short of 1/2 by the documented Δθ(1 − θ)(1 − 3θ(1 − θ)) = 1/16.
    expectVariance(firstHalf, 7 / 16, 'Var W(0.5) from the bridge mean');
    expectClose(
      Array.from(firstHalf, (v, i) => v + (secondHalf[i] as number)),
      w,
      { atol: 1e-6 },
      'W(0.5) + W[0.5, 1]',
    );
  });
});

describe('BrownianPath: one sample path', () => {
  const times = [0, 0.1, 0.25, 0.3, 0.5, 0.123456, 0.77, 1, 0.9, 0.5 + 2 ** -20];
  const pairs = times.flatMap((ta, i) => times.slice(i + 1).map((tb) => [ta, tb] as const));

  function answers(bm: BrownianPath, order: readonly (readonly [number, number])[]): Map<string, number[]> {
    const result = new Map<string, number[]>();
    for (const [ta, tb] of order) {
      result.set(`W ${ta} ${tb}`, Array.from(read(bm.increment(ta, tb))));
      result.set(`H ${ta} ${tb}`, Array.from(read(bm.spaceTimeLevyArea(ta, tb))));
    }
    return result;
  }

  it('gives identical numbers whatever the order of the queries, even after the cache is flushed', () => {
    const forward = answers(path(5, [64]), pairs);
    const shuffled = [...pairs].reverse();
    const bm = path(5, [64]);
    const backward = answers(bm, shuffled);
    const rng = new Rng(99);
    for (let i = 0; i < 300; i += 1) read(bm.increment(rng.uniform(), rng.uniform()));
    const afterFlush = answers(bm, pairs);
    for (const [key, value] of forward) {
      expect(backward.get(key), key).toEqual(value);
      expect(afterFlush.get(key), key).toEqual(value);
    }
  });

  it('the same seed gives the same numbers, different seeds different ones', () => {
    const a = read(path(6, [256]).increment(0.1, 0.6));
    const b = read(path(6, [256]).increment(0.1, 0.6));
    const c = read(path(7, [256]).increment(0.1, 0.6));
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(a.filter((v, i) => v === c[i]).length).toBe(0);
  });

  it('increments add up (W_ac = W_ab + W_bc) for dyadic, non-dyadic and same-leaf split points', () => {
    const bm = path(8, [1000]);
    for (const [a, b, c] of [
      [0, 0.5, 1],
      [0.1, 0.35, 0.9],
      [0.2, 0.2 + 1e-7, 0.6],
      [0.9, 0.3, 0.6], // b outside [a, c]: the reversed increments still add up
    ] as const) {
      const ab = read(bm.increment(a, b));
      const bc = read(bm.increment(b, c));
      expectClose(
        Array.from(ab, (v, i) => v + (bc[i] as number)),
        read(bm.increment(a, c)),
        { atol: 2e-6 },
        `W[${a}, ${b}] + W[${b}, ${c}]`,
      );
    }
  });

  it('two uniform grids with different step sizes share the path', () => {
    const bm = path(9, [1000]);
    const sum = (steps: number): Float64Array => {
      const total = new Float64Array(1000);
      for (let k = 0; k < steps; k += 1) {
        read(bm.increment(k / steps, (k + 1) / steps)).forEach((v, i) => {
          total[i] = (total[i] as number) + v;
        });
      }
      return total;
    };
    const whole = read(bm.increment(0, 1));
    expectClose(sum(8), whole, { atol: 1e-5 }, 'Σ 8 steps');
    expectClose(sum(64), whole, { atol: 1e-5 }, 'Σ 64 steps');
    expectClose(sum(1000), whole, { atol: 1e-5 }, 'Σ 1000 non-dyadic steps');
  });

  it('the Lévy-area identities hold: exact halves, unequal dyadic pieces and non-dyadic pieces', () => {
    const bm = path(10, [1000]);
    for (const [a, b, c] of [
      [0.5, 0.75, 1],
      [0, 0.5, 0.75],
      [0.1, 0.3, 0.7],
    ] as const) {
      const [h1, h2, h] = [b - a, c - b, c - a];
      const w1 = read(bm.increment(a, b));
      const w2 = read(bm.increment(b, c));
      const H1 = read(bm.spaceTimeLevyArea(a, b));
      const H2 = read(bm.spaceTimeLevyArea(b, c));
      const combined = Array.from(
        H1,
        (v, i) => (h1 * v + h2 * (H2[i] as number)) / h + (h2 * (w1[i] as number) - h1 * (w2[i] as number)) / (2 * h),
      );
      expectClose(read(bm.spaceTimeLevyArea(a, c)), combined, { atol: 1e-6 }, `H[${a}, ${c}] from pieces at ${b}`);
    }
  });

  it('a reversed interval negates W and keeps H; an empty one is zero', () => {
    const bm = path(11, [100]);
    expect(Array.from(read(bm.increment(0.7, 0.2)))).toEqual(Array.from(read(bm.increment(0.2, 0.7)), (v) => -v));
    expect(Array.from(read(bm.spaceTimeLevyArea(0.7, 0.2)))).toEqual(Array.from(read(bm.spaceTimeLevyArea(0.2, 0.7))));
    expect(Array.from(read(bm.increment(0.3, 0.3))).every((v) => v === 0)).toBe(true);
    expect(Array.from(read(bm.spaceTimeLevyArea(0.3, 0.3))).every((v) => v === 0)).toBe(true);
  });

  it('absorbs the rounding of accumulated times, including a last step just past t1', () => {
    const bm = path(12, [100]);
    let t = 0;
    for (let k = 0; k < 10; k += 1) t += 0.1; // 0.9999999999999999
    expect(Array.from(read(bm.increment(0, t)))).toEqual(Array.from(read(bm.increment(0, 1))));
    expect(Array.from(read(bm.increment(0, 1 + 2 ** -52)))).toEqual(Array.from(read(bm.increment(0, 1))));
  });

  it('works on any time span and shape', () => {
    const bm = new BrownianPath({ shape: [3, 4], t0: -2, t1: 0.5, seed: 13 });
    const dW = bm.increment(-2, 0.5);
    expect(dW.shape).toEqual([3, 4]);
    expect(dW.dtype).toBe('float32');
    const parts = read(bm.increment(-2, -0.75));
    const rest = read(bm.increment(-0.75, 0.5));
    expectClose(
      Array.from(parts, (v, i) => v + (rest[i] as number)),
      read(dW),
      { atol: 2e-6 },
      'halves of [-2, 0.5]',
    );
  });
});

describe('BrownianPath: cost', () => {
  it('a sweep over a uniform grid of 1024 steps splits each node once (amortised O(1) per step)', () => {
    const uniform = vi.spyOn(Rng.prototype, 'uniform');
    const bm = path(14, [1]);
    for (let k = 0; k < 1024; k += 1) {
      read(bm.increment(k / 1024, (k + 1) / 1024));
      read(bm.spaceTimeLevyArea(k / 1024, (k + 1) / 1024));
    }
    // Two uniforms (one normal pair) per entry: the root, then 1023 splits (levels 0–9).
    expect(uniform).toHaveBeenCalledTimes(2 * 1024);
  });
});

describe('BrownianPath: input checks and memory', () => {
  const good: BrownianPathOptions = { shape: [4], t0: 0, t1: 1, seed: 0 };
  const make = (options: unknown) => () => new BrownianPath(options as BrownianPathOptions);

  it('rejects bad options with a typed error naming the parameter', () => {
    expectInvalidArgument(make(null), InvalidArgumentError, 'options');
    expectInvalidArgument(make({ ...good, shape: 4 }), InvalidArgumentError, 'options.shape');
    expectInvalidArgument(make({ ...good, shape: [4, 0] }), InvalidArgumentError, 'options.shape[1]');
    expectInvalidArgument(make({ ...good, shape: [2.5] }), InvalidArgumentError, 'options.shape[0]');
    expectInvalidArgument(make({ ...good, t0: Number.NaN }), InvalidArgumentError, 'options.t0');
    expectInvalidArgument(make({ ...good, t1: 0 }), InvalidArgumentError, 'options.t1');
    expectInvalidArgument(make({ ...good, t1: Number.POSITIVE_INFINITY }), InvalidArgumentError, 'options.t1');
    expectInvalidArgument(make({ ...good, seed: -1 }), InvalidArgumentError, 'options.seed');
    expectInvalidArgument(make({ ...good, seed: 0.5 }), InvalidArgumentError, 'options.seed');
    expectInvalidArgument(make({ ...good, tolerance: 0 }), InvalidArgumentError, 'options.tolerance');
    expectInvalidArgument(make({ ...good, tolerance: 1e-20 }), InvalidArgumentError, 'options.tolerance');
  });

  it('rejects query times outside [t0, t1] or not finite, naming ta or tb', () => {
    const bm = new BrownianPath(good);
    expectInvalidArgument(() => bm.increment(-0.1, 0.5), InvalidArgumentError, 'ta');
    expectInvalidArgument(() => bm.increment(0, 1.01), InvalidArgumentError, 'tb');
    expectInvalidArgument(() => bm.increment(Number.NaN, 0.5), InvalidArgumentError, 'ta');
    expectInvalidArgument(() => bm.spaceTimeLevyArea(0, Number.POSITIVE_INFINITY), InvalidArgumentError, 'tb');
    expectInvalidArgument(() => bm.spaceTimeLevyArea(2, 0), InvalidArgumentError, 'ta');
  });

  it('returns exactly one tensor per call and leaks none, also when it throws', async () => {
    const bm = new BrownianPath({ shape: [8, 2], t0: 0, t1: 1, seed: 16 });
    for (const [ta, tb] of [
      [0, 1],
      [0.25, 0.5],
      [0.1, 0.7],
      [0.7, 0.1],
    ] as const) {
      (await expectNoLeaks(() => bm.increment(ta, tb))).dispose();
      (await expectNoLeaks(() => bm.spaceTimeLevyArea(ta, tb))).dispose();
    }
    await expectNoLeaks(() => {
      expect(() => bm.increment(0, 2)).toThrow(/"tb"/);
    });
  });
});
