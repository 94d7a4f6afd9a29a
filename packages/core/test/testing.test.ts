import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../src/errors/index.js';
import { initBackend } from '../src/index.js';
import { assertPositive } from '../src/internal.js';
import {
  benchmarkVariants,
  centralDifferenceGradient,
  expectClose,
  expectInvalidArgument,
  expectNoLeaks,
  expm,
  fitLogLogSlope,
  linearOdeProblem,
  median,
  randomMlpField,
} from '../src/testing/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('expectNoLeaks', () => {
  it('allows returned tensors, nested one level or more', async () => {
    const out = await expectNoLeaks(() => ({ a: tf.zeros([2]), list: [tf.ones([1])], n: 3 }));
    tf.dispose([out.a, ...out.list]);
  });

  it('reports a leaked tensor and an over-disposed one', async () => {
    let kept: tf.Tensor | undefined;
    await expect(
      expectNoLeaks(() => {
        kept = tf.zeros([2]);
        return 1;
      }),
    ).rejects.toThrow(/1 tensor\(s\) leaked/);
    kept?.dispose();
    const victim = tf.zeros([1]);
    await expect(expectNoLeaks(() => victim.dispose())).rejects.toThrow(/1 tensor\(s\) too many were disposed/);
  });
});

describe('expectClose and fitLogLogSlope', () => {
  it('passes inside and fails outside atol + rtol·|e|', () => {
    expect(() => expectClose([1, 2], [1.05, 2], { atol: 0.1 })).not.toThrow();
    expect(() => expectClose([1, 2], [1, 2.5], { atol: 0.1, rtol: 0.1 }, 'y')).toThrow(/y\[1\] = 2 differs from 2.5/);
    expect(() => expectClose(Number.NaN, 0, { atol: 1 })).toThrow(/NaN/);
  });

  it('recovers the exponent of a power law', () => {
    const hs = [0.1, 0.05, 0.025, 0.0125];
    expect(
      fitLogLogSlope(
        hs,
        hs.map((h) => 3 * h ** 4),
      ),
    ).toBeCloseTo(4, 12);
    expect(() => fitLogLogSlope([1], [1])).toThrow();
  });
});

describe('analytic problems', () => {
  it('expm matches a rotation and a diagonal matrix', () => {
    const r = expm([
      [0, 2],
      [-2, 0],
    ]);
    expectClose(r.flat(), [Math.cos(2), Math.sin(2), -Math.sin(2), Math.cos(2)], { atol: 1e-14 }, 'expm');
    expectClose(expm([[Math.log(5)]]).flat(), [5], { rtol: 1e-14 }, 'expm');
  });

  it('linearOdeProblem gives the damped spiral closed form, and its field is x·Aᵀ', async () => {
    const a = [
      [-0.1, 2],
      [-2, -0.1],
    ];
    const problem = linearOdeProblem(a, [[2, 0]]);
    const t = 1.3;
    const decay = Math.exp(-0.1 * t);
    expectClose(problem.solution(t).flat(), [2 * decay * Math.cos(2 * t), -2 * decay * Math.sin(2 * t)], {
      atol: 1e-13,
    });
    const x = tf.tensor2d([[1, 3]]);
    const u = await expectNoLeaks(() => problem.field(0, x));
    expectClose(await u.data(), [-0.1 + 6, -2 - 0.3], { atol: 1e-6 }, 'u');
    tf.dispose([x, u]);
    problem.dispose();
  });

  it('randomMlpField is deterministic for a seed and shaped [N, D]', async () => {
    const x = tf.tensor2d([
      [0.5, -1],
      [2, 0.25],
    ]);
    const m1 = randomMlpField({ dim: 2, hidden: [16, 16], seed: 5 });
    const m2 = randomMlpField({ dim: 2, hidden: [16, 16], seed: 5 });
    const u1 = await expectNoLeaks(() => m1.field(0.3, x));
    const u2 = m2.field(0.3, x);
    expect(u1.shape).toEqual([2, 2]);
    expect(Array.from(await u1.data())).toEqual(Array.from(await u2.data()));
    tf.dispose([x, u1, u2]);
    m1.dispose();
    m2.dispose();
  });
});

describe('centralDifferenceGradient', () => {
  it('matches the analytic gradient of a quadratic and restores the variables', () => {
    const w = tf.variable(tf.tensor1d([1, -2, 0.5]));
    const b = tf.variable(tf.scalar(3));
    const loss = (): number =>
      tf.tidy(() => tf.add(tf.sum(tf.square(w)), tf.mul(b, tf.sum(w))).dataSync()[0] as number);
    // dL/dw = 2w + b, dL/db = Σw.
    expectClose(centralDifferenceGradient(loss, [w, b]), [5, -1, 4, -0.5], { atol: 2e-3 }, 'gradient');
    expect(Array.from(w.dataSync())).toEqual([1, -2, 0.5]);
    tf.dispose([w, b]);
  });
});

describe('expectInvalidArgument', () => {
  it('passes for the exact class naming the parameter and fails otherwise', () => {
    expect(() => expectInvalidArgument(() => assertPositive('rtol', -1), InvalidArgumentError, 'rtol')).not.toThrow();
    expect(() => expectInvalidArgument(() => assertPositive('rtol', -1), InvalidArgumentError, 'atol')).toThrow(
      /name "atol"/,
    );
    expect(() => expectInvalidArgument(() => assertPositive('rtol', -1), ShapeError, 'rtol')).toThrow(/a ShapeError/);
    expect(() => expectInvalidArgument(() => 1, InvalidArgumentError, 'rtol')).toThrow(/got no error/);
  });
});

describe('median', () => {
  it('is the middle sample, or the mean of the middle two, whatever the order; it refuses no samples', () => {
    expect(median([5])).toBe(5);
    expect(median([9, 1, 4])).toBe(4);
    expect(median([3, 1, 2, 10])).toBe(2.5);
    const samples = [7, 3, 5];
    median(samples);
    expect(samples).toEqual([7, 3, 5]);
    expect(() => median([])).toThrow(/at least one/);
  });
});

describe('benchmarkVariants', () => {
  it('warms each variant up, then times every variant once per round in an order that flips each round', async () => {
    const calls: string[] = [];
    const results = await benchmarkVariants(
      'order',
      [
        ['a', () => void calls.push('a')],
        ['b', () => void calls.push('b')],
      ],
      { warmup: 1, rounds: 4, meta: { size: 3 } },
    );
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
    expect(results.map((r) => [r.variant, r.iterations, r.samples.length, r.meta?.size])).toEqual([
      ['a', 4, 4, 3],
      ['b', 4, 4, 3],
    ]);
    for (const r of results) {
      const sorted = [...r.samples].sort((x, y) => x - y);
      expect(r.medianMs).toBe(((sorted[1] as number) + (sorted[2] as number)) / 2);
      expect(r.opsPerSec).toBe(1000 / r.medianMs);
    }
  });

  it('rejects bad settings', async () => {
    await expect(benchmarkVariants('x', [])).rejects.toThrow(/at least one variant/);
    await expect(benchmarkVariants('x', [['a', () => {}]], { rounds: 0 })).rejects.toThrow(/rounds/);
    await expect(benchmarkVariants('x', [['a', () => {}]], { warmup: -1 })).rejects.toThrow(/warmup/);
  });
});
