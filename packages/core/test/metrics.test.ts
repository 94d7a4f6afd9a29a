import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { bitsPerDimToNats, energyDistance, mmd2, natsToBitsPerDim, slicedWasserstein2 } from '../src/metrics/index.js';
import { randomNormal } from '../src/random/tensors.js';
import { expectClose, expectNoLeaks } from '../src/testing/index.js';
import { argumentError } from './support/argument-error.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Runs `estimate` on independent fixed-seed replicates; returns their mean and its standard error. */
function replicate(count: number, estimate: (seed: number) => number): { mean: number; standardError: number } {
  const values = Array.from({ length: count }, (_, r) => estimate(r));
  const mean = values.reduce((s, v) => s + v, 0) / count;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (count - 1);
  return { mean, standardError: Math.sqrt(variance / count) };
}

/** E exp(−(X − Y)²/(2h²)) for independent X ~ N(μ1, s1²), Y ~ N(μ2, s2²). */
function rbfExpectation(mu1: number, s1: number, mu2: number, s2: number, h: number): number {
  const v = h * h + s1 * s1 + s2 * s2;
  return (h / Math.sqrt(v)) * Math.exp(-((mu1 - mu2) ** 2) / (2 * v));
}

/** The standard normal CDF, via erfc with fractional error < 1.2e-7 (Numerical Recipes' erfcc). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

function column(values: number[]): tf.Tensor2D {
  return tf.tensor2d(values, [values.length, 1]);
}

describe('mmd2', () => {
  it('equals the hand-computed unbiased estimate (negative here) on a tiny sample', async () => {
    const x = column([0, 1]);
    const y = column([0, 2]);
    const value = await expectNoLeaks(() => mmd2(x, y, { bandwidth: 1 }));
    expect(value).toBeCloseTo(0.5 * Math.exp(-2) - 0.5, 6);
    tf.dispose([x, y]);
  });

  it('is ≈ 0 for two samples from the same Gaussian', async () => {
    const n = 400;
    const x = randomNormal([n, 2], 1);
    const y = randomNormal([n, 2], 2);
    const value = await expectNoLeaks(() => mmd2(x, y, { bandwidth: 1 }));
    // Under the null the unbiased estimate is centred at 0 with spread O(1/N).
    expect(Math.abs(value)).toBeLessThan(2 / n);
    tf.dispose([x, y]);
  });

  it('matches the closed form for 1-D Gaussians with a known bandwidth', () => {
    const [mu1, s1, mu2, s2, h] = [0, 1, 1, 1.5, 1];
    const exact =
      rbfExpectation(mu1, s1, mu1, s1, h) +
      rbfExpectation(mu2, s2, mu2, s2, h) -
      2 * rbfExpectation(mu1, s1, mu2, s2, h);
    const { mean, standardError } = replicate(8, (r) => {
      const x = randomNormal([500, 1], 100 + r, mu1, s1);
      const y = randomNormal([500, 1], 200 + r, mu2, s2);
      const value = mmd2(x, y, { bandwidth: h });
      tf.dispose([x, y]);
      return value;
    });
    expect(standardError).toBeLessThan(0.02);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * standardError);
  });

  it('uses the median pairwise distance of the pooled sample when no bandwidth is given', async () => {
    const x = randomNormal([30, 3], 5);
    const y = randomNormal([20, 3], 6, 0.5, 2);
    const z = [...((await x.array()) as number[][]), ...((await y.array()) as number[][])];
    const distances: number[] = [];
    for (let i = 0; i < z.length; i += 1) {
      for (let j = i + 1; j < z.length; j += 1) {
        distances.push(Math.hypot(...(z[i] as number[]).map((v, k) => v - ((z[j] as number[])[k] as number))));
      }
    }
    distances.sort((a, b) => a - b);
    expect(distances).toHaveLength(1225);
    const median = distances[612] as number; // the middle of 1225 pairs
    const heuristic = await expectNoLeaks(() => mmd2(x, y));
    expect(heuristic).toBeCloseTo(mmd2(x, y, { bandwidth: median }), 5);
    tf.dispose([x, y]);
  });

  it('sums the kernels of several bandwidths', () => {
    const x = randomNormal([50, 2], 7);
    const y = randomNormal([60, 2], 8, 0.3);
    const combined = mmd2(x, y, { bandwidth: [0.5, 2] });
    expect(combined).toBeCloseTo(mmd2(x, y, { bandwidth: 0.5 }) + mmd2(x, y, { bandwidth: 2 }), 6);
    tf.dispose([x, y]);
  });

  it('rejects bad input, naming the parameter', () => {
    const x = randomNormal([5, 2], 0);
    const y = randomNormal([6, 2], 1);
    const oneRow = tf.zeros([1, 2]);
    const rank1 = tf.zeros([5]);
    const wide = tf.zeros([6, 3]);
    const same = tf.zeros([4, 2]);
    expect(() => mmd2(x, y, { bandwidth: 0 })).toThrow(argumentError('InvalidArgumentError', 'options.bandwidth'));
    expect(() => mmd2(x, y, { bandwidth: -1 })).toThrow(argumentError('InvalidArgumentError', 'options.bandwidth'));
    expect(() => mmd2(x, y, { bandwidth: [1, Number.NaN] })).toThrow(
      argumentError('InvalidArgumentError', 'options.bandwidth[1]'),
    );
    expect(() => mmd2(x, y, { bandwidth: [] })).toThrow(argumentError('InvalidArgumentError', 'options.bandwidth'));
    expect(() => mmd2(same, same)).toThrow(argumentError('InvalidArgumentError', 'options.bandwidth'));
    expect(() => mmd2(rank1, y)).toThrow(argumentError('ShapeError', 'x'));
    expect(() => mmd2(x, wide)).toThrow(argumentError('ShapeError', 'y'));
    expect(() => mmd2(x, oneRow)).toThrow(argumentError('ShapeError', 'y'));
    expect(() => mmd2(3 as unknown as tf.Tensor, y)).toThrow(argumentError('InvalidArgumentError', 'x'));
    tf.dispose([x, y, oneRow, rank1, wide, same]);
  });
});

describe('energyDistance', () => {
  it('equals the hand-computed U-statistic estimate', async () => {
    const x = column([0, 1]);
    const y = column([3, 5]);
    // 2·mean|x − y| − |0 − 1| − |3 − 5| = 2·3.5 − 1 − 2
    expect(await expectNoLeaks(() => energyDistance(x, y))).toBeCloseTo(4, 5);
    expect(energyDistance(y, x)).toBeCloseTo(4, 5);
    tf.dispose([x, y]);
  });

  it('is twice the distance between two point masses', () => {
    const x = tf.tile(tf.tensor2d([[1, 2, 3]]), [5, 1]);
    const y = tf.tile(tf.tensor2d([[-1, 0, 2]]), [4, 1]);
    expectClose(energyDistance(x, y), 6, { rtol: 1e-6 }, 'energy');
    tf.dispose([x, y]);
  });

  it('matches the closed form for N(0, 1) against N(δ, 1)', () => {
    const delta = 1;
    // X − Y ~ N(δ, 2): E|X − Y| = √2·√(2/π)·exp(−δ²/4) + δ(1 − 2Φ(−δ/√2)); E|X − X'| = E|Y − Y'| = 2/√π.
    const crossMean =
      Math.SQRT2 * Math.sqrt(2 / Math.PI) * Math.exp(-(delta * delta) / 4) +
      delta * (1 - 2 * normalCdf(-delta / Math.SQRT2));
    const exact = 2 * crossMean - 4 / Math.sqrt(Math.PI);
    const { mean, standardError } = replicate(8, (r) => {
      const x = randomNormal([500, 1], 300 + r);
      const y = randomNormal([500, 1], 400 + r, delta);
      const value = energyDistance(x, y);
      tf.dispose([x, y]);
      return value;
    });
    expect(standardError).toBeLessThan(0.05 * exact);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * standardError);
  });

  it('rejects bad input, naming the parameter', () => {
    const x = tf.zeros([3, 2]);
    const rank3 = tf.zeros([3, 2, 1]);
    const wide = tf.zeros([3, 4]);
    const ints = tf.zeros([3, 2], 'int32');
    const oneRow = tf.zeros([1, 2]);
    expect(() => energyDistance(rank3, x)).toThrow(argumentError('ShapeError', 'x'));
    expect(() => energyDistance(x, wide)).toThrow(argumentError('ShapeError', 'y'));
    expect(() => energyDistance(x, ints)).toThrow(argumentError('InvalidArgumentError', 'y'));
    expect(() => energyDistance(oneRow, x)).toThrow(argumentError('ShapeError', 'x'));
    tf.dispose([x, rank3, wide, ints, oneRow]);
  });
});

describe('slicedWasserstein2', () => {
  it('is exactly 0 for identical sets', async () => {
    const x = randomNormal([100, 5], 1);
    const copy = tf.clone(x);
    expect(await expectNoLeaks(() => slicedWasserstein2(x, x, { seed: 0 }))).toBe(0);
    expect(slicedWasserstein2(x, copy, { projections: 16, seed: 3 })).toBe(0);
    tf.dispose([x, copy]);
  });

  it('is the shift for a shifted 1-D sample', () => {
    const x = randomNormal([200, 1], 2);
    const y = tf.add(x, 0.7);
    expectClose(slicedWasserstein2(x, y, { projections: 4, seed: 1 }), 0.7, { atol: 1e-5 }, 'SW2');
    tf.dispose([x, y]);
  });

  it('handles unequal sizes exactly through the quantile functions', () => {
    const x = column([1, 0]);
    const y = column([0, 1, 0.5]);
    // ∫(F⁻¹ − G⁻¹)² = (1/2 − 1/3)·0.5² + (2/3 − 1/2)·0.5² = 1/12.
    expectClose(slicedWasserstein2(x, y, { projections: 2, seed: 0 }), Math.sqrt(1 / 12), { rtol: 1e-12 }, 'SW2');
    const triple = column([2, 0, 1]);
    const doubled = column([0, 1, 2, 2, 1, 0]);
    expect(slicedWasserstein2(triple, doubled, { projections: 2, seed: 0 })).toBe(0);
    tf.dispose([x, y, triple, doubled]);
  });

  it('averages (θ·m)² over directions for an exact shift: ‖m‖²/D', () => {
    const shift = [1, -2, 0.5, 1];
    const x = randomNormal([256, 4], 4);
    const y = tf.add(x, tf.tensor1d(shift));
    const sw = slicedWasserstein2(x, y, { projections: 4096, seed: 11 });
    const expected = shift.reduce((s, v) => s + v * v, 0) / shift.length;
    // Monte Carlo over 4096 directions: the relative standard error of the mean (θ·m)² is 1/√4096 ≈ 1.6 %.
    expectClose(sw * sw, expected, { rtol: 0.065 }, 'SW2²');
    tf.dispose([x, y]);
  });

  it('approximates ‖m‖/√D between N(0, I) and N(m, I) samples, reproducibly from the seed', async () => {
    const x = randomNormal([2000, 4], 5);
    const y = tf.tidy(() => tf.add(randomNormal([2000, 4], 6), tf.tensor1d([2, 0, 0, 0])));
    const sw = await expectNoLeaks(() => slicedWasserstein2(x, y, { projections: 2048, seed: 1 }));
    expectClose(sw, 1, { rtol: 0.05 }, 'SW2');
    expect(slicedWasserstein2(x, y, { projections: 2048, seed: 1 })).toBe(sw);
    expect(slicedWasserstein2(x, y, { projections: 2048, seed: 2 })).not.toBe(sw);
    tf.dispose([x, y]);
  });

  it('rejects bad input, naming the parameter', () => {
    const x = tf.zeros([3, 2]);
    const rank1 = tf.zeros([3]);
    const wide = tf.zeros([3, 4]);
    const empty = tf.zeros([0, 2]);
    expect(() => slicedWasserstein2(x, x, { projections: 0, seed: 0 })).toThrow(
      argumentError('InvalidArgumentError', 'options.projections'),
    );
    expect(() => slicedWasserstein2(x, x, { projections: 2.5, seed: 0 })).toThrow(
      argumentError('InvalidArgumentError', 'options.projections'),
    );
    expect(() => slicedWasserstein2(x, x, { seed: -1 })).toThrow(argumentError('InvalidArgumentError', 'options.seed'));
    expect(() => slicedWasserstein2(x, x, {} as { seed: number })).toThrow(
      argumentError('InvalidArgumentError', 'options.seed'),
    );
    expect(() => slicedWasserstein2(rank1, x, { seed: 0 })).toThrow(argumentError('ShapeError', 'x'));
    expect(() => slicedWasserstein2(x, wide, { seed: 0 })).toThrow(argumentError('ShapeError', 'y'));
    expect(() => slicedWasserstein2(x, empty, { seed: 0 })).toThrow(argumentError('ShapeError', 'y'));
    tf.dispose([x, rank1, wide, empty]);
  });
});

describe('bits per dimension', () => {
  it('converts 1 nat in D = 2 to 1/(2 ln 2) bits/dim and round-trips', () => {
    expect(natsToBitsPerDim(1, 2)).toBeCloseTo(1 / (2 * Math.LN2), 15);
    for (const [nats, dim] of [
      [1234.5, 3072],
      [-3.2, 2],
      [0, 1],
    ] as const) {
      expectClose(bitsPerDimToNats(natsToBitsPerDim(nats, dim), dim), nats, { rtol: 1e-15 }, 'nats');
    }
    expectClose(bitsPerDimToNats(3.5, 3072), 3.5 * 3072 * Math.LN2, { rtol: 1e-15 }, 'nats');
  });

  it('rejects bad input, naming the parameter', () => {
    expect(() => natsToBitsPerDim(Number.NaN, 2)).toThrow(argumentError('InvalidArgumentError', 'nats'));
    expect(() => natsToBitsPerDim(1, 0)).toThrow(argumentError('InvalidArgumentError', 'dim'));
    expect(() => bitsPerDimToNats(Number.POSITIVE_INFINITY, 2)).toThrow(
      argumentError('InvalidArgumentError', 'bitsPerDim'),
    );
    expect(() => bitsPerDimToNats(1, 1.5)).toThrow(argumentError('InvalidArgumentError', 'dim'));
  });
});
