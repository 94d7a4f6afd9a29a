import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/errors/index.js';
import { initBackend } from '../src/index.js';
import { deriveSeed, Rng, randomNormal, randomRademacher, randomUniform } from '../src/random/index.js';
import { expectNoLeaks } from '../src/testing/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

function moments(values: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < values.length; i += 1) {
    sum += values[i] as number;
    sumSq += (values[i] as number) ** 2;
  }
  const mean = sum / values.length;
  return { mean, variance: sumSq / values.length - mean * mean };
}

describe('Rng', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = new Rng(42).fillNormal(new Float64Array(64));
    const b = new Rng(42).fillNormal(new Float64Array(64));
    const c = new Rng(43).fillNormal(new Float64Array(64));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('draws uniforms with mean 1/2 and variance 1/12 (n = 200 000, 4 standard errors)', () => {
    const n = 200_000;
    const { mean, variance } = moments(new Rng(1).fillUniform(new Float64Array(n)));
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    // Var of (U − ½)² is 1/180; standard error of the variance estimate is sqrt(1/180/n).
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt(1 / 180 / n));
  });

  it('draws standard normals with the right first four moments (n = 200 000)', () => {
    const n = 200_000;
    const z = new Rng(2).fillNormal(new Float64Array(n));
    const { mean, variance } = moments(z);
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    let fourth = 0;
    for (const v of z) fourth += v ** 4;
    // E[Z⁴] = 3 with Var[Z⁴] = 96.
    expect(Math.abs(fourth / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
  });

  it('draws Rademacher signs that are ±1 and balanced', () => {
    const n = 100_000;
    const r = new Rng(3).fillRademacher(new Float32Array(n));
    expect(r.every((v) => v === 1 || v === -1)).toBe(true);
    expect(Math.abs(moments(r).mean)).toBeLessThan(4 / Math.sqrt(n));
  });

  it('draws unbiased integers and valid permutations', () => {
    const rng = new Rng(4);
    const counts = [0, 0, 0];
    const n = 90_000;
    for (let i = 0; i < n; i += 1) {
      const k = rng.integer(3);
      counts[k] = (counts[k] as number) + 1;
    }
    for (const c of counts) expect(Math.abs(c - n / 3)).toBeLessThan(4 * Math.sqrt((n * 2) / 9));
    const p = rng.permutation(100);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('rejects bad seeds', () => {
    expect(() => new Rng(-1)).toThrow(InvalidArgumentError);
    expect(() => new Rng(1.5)).toThrow(/"seed": expected an integer ≥ 0, received 1.5/);
  });
});

describe('deriveSeed', () => {
  it('is deterministic and separates keys and seeds', () => {
    expect(deriveSeed(7, 1, 2)).toBe(deriveSeed(7, 1, 2));
    const seen = new Set([deriveSeed(7), deriveSeed(7, 0), deriveSeed(7, 1), deriveSeed(7, 1, 0), deriveSeed(8, 1)]);
    expect(seen.size).toBe(5);
    expect(deriveSeed(2 ** 40)).not.toBe(deriveSeed(0));
    expect(() => deriveSeed(1, -3)).toThrow(/"keys\[0\]"/);
  });
});

describe('tensor draws', () => {
  it('are reproducible, shaped and scaled', async () => {
    const a = await expectNoLeaks(() => randomNormal([500, 4], 9, 2, 3));
    const b = await expectNoLeaks(() => randomNormal([500, 4], 9, 2, 3));
    expect(a.shape).toEqual([500, 4]);
    const av = await a.data();
    expect(Array.from(av)).toEqual(Array.from(await b.data()));
    const { mean, variance } = moments(av);
    expect(Math.abs(mean - 2)).toBeLessThan((4 * 3) / Math.sqrt(2000));
    expect(Math.abs(variance - 9)).toBeLessThan(4 * 9 * Math.sqrt(2 / 2000));
    const u = await expectNoLeaks(() => randomUniform([1000], 1, -2, 2));
    const uv = await u.data();
    expect(Math.min(...uv)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...uv)).toBeLessThan(2);
    const r = await expectNoLeaks(() => randomRademacher([10, 3], 1));
    expect((await r.data()).every((v) => Math.abs(v) === 1)).toBe(true);
    tf.dispose([a, b, u, r]);
  });

  it('reject bad shapes and bounds', () => {
    expect(() => randomNormal([2, -1], 0)).toThrow(/"shape\[1\]"/);
    expect(() => randomUniform([2], 0, 1, 1)).toThrow(/"max": expected a number greater than min = 1, received 1/);
    expect(() => randomNormal([2], 0, 0, Number.NaN)).toThrow(/"std"/);
  });
});

describe('Rng.fillNormal', () => {
  it('gives exactly the numbers of repeated normal() calls, whatever the parity and a pending spare', () => {
    for (const length of [0, 1, 6, 7]) {
      for (const offset of [0, 1]) {
        const a = new Rng(21);
        const b = new Rng(21);
        for (let k = 0; k < offset; k += 1) expect(a.normal()).toBe(b.normal());
        const filled = a.fillNormal(new Float64Array(length));
        const called = Float64Array.from({ length }, () => b.normal());
        expect(Array.from(filled)).toEqual(Array.from(called));
        expect(a.normal()).toBe(b.normal());
      }
    }
  });
});
