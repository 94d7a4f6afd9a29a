import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/index.js';
import { samplePlan } from '../../src/ot/index.js';
import { randomCost } from '../fixtures/random-cost.js';
import { argumentError } from '../support/argument-error.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('samplePlan', () => {
  it('draws pairs with the plan’s probabilities and never from zero entries', () => {
    const plan = [
      [0.1, 0, 0.3],
      [0.2, 0.4, 0],
    ];
    const count = 100_000;
    const { source, target } = samplePlan(plan, 2, 3, count, 12);
    const counts = new Float64Array(6);
    for (let k = 0; k < count; k += 1) {
      const index = (source[k] as number) * 3 + (target[k] as number);
      counts[index] = (counts[index] as number) + 1;
    }
    const expected = plan.flat();
    counts.forEach((c, k) => {
      const p = expected[k] as number;
      expect(Math.abs(c / count - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / count));
    });
    expect(counts[1]).toBe(0);
    expect(counts[5]).toBe(0);
  });

  it('normalises the plan, and equal seeds give equal pairs', () => {
    const plan = Float64Array.from([0, 3, 0, 0]);
    const first = samplePlan(plan, 2, 2, 5, 1);
    expect(Array.from(first.source)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(first.target)).toEqual([1, 1, 1, 1, 1]);
    const random = randomCost(8, 8, 3);
    expect(samplePlan(random, 8, 8, 50, 9)).toEqual(samplePlan(random, 8, 8, 50, 9));
    expect(samplePlan(random, 8, 8, 50, 9)).not.toEqual(samplePlan(random, 8, 8, 50, 10));
  });

  it('rejects bad input, naming the parameter', () => {
    const plan = Float64Array.from([0.25, 0.25, 0.25, 0.25]);
    expect(() => samplePlan(plan, 2, 2, 4, -1)).toThrow(argumentError('InvalidArgumentError', 'seed'));
    expect(() => samplePlan(plan, 2, 2, 4, 0.5)).toThrow(argumentError('InvalidArgumentError', 'seed'));
    expect(() => samplePlan(plan, 2, 2, 0, 1)).toThrow(argumentError('InvalidArgumentError', 'count'));
    expect(() => samplePlan(plan, 1, 2, 4, 1)).toThrow(argumentError('ShapeError', 'plan'));
    expect(() =>
      samplePlan(
        [
          [0.5, -0.5],
          [0.5, 0.5],
        ],
        2,
        2,
        4,
        1,
      ),
    ).toThrow(argumentError('InvalidArgumentError', 'plan'));
    expect(() => samplePlan(Float64Array.from([0.5, -0.1, 0, 0.1]), 2, 2, 4, 1)).toThrow(
      argumentError('InvalidArgumentError', 'plan'),
    );
    expect(() => samplePlan(new Float64Array(4), 2, 2, 4, 1)).toThrow(argumentError('InvalidArgumentError', 'plan'));
  });
});
