import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/errors/index.js';
import { assertMonotoneTimes, gridStep } from '../src/internal.js';

describe('gridStep', () => {
  it('splits an interval into equal steps no longer than stepSize and lands exactly on the target', () => {
    expect(gridStep(0, 1, 0.3)).toEqual({ hStep: 0.25, t1: 0.25 });
    expect(gridStep(0, 1, undefined)).toEqual({ hStep: 1, t1: 1 });
    expect(gridStep(1, 0, 0.5)).toEqual({ hStep: -0.5, t1: 0.5 });
    let t = 0;
    let steps = 0;
    while (t !== 0.7) {
      t = gridStep(t, 0.7, 0.1).t1;
      steps += 1;
    }
    expect(steps).toBe(7);
  });
});

describe('assertMonotoneTimes', () => {
  it('accepts strictly monotone times and names the first bad entry', () => {
    expect(() => assertMonotoneTimes('ts', [0, 0.5, 1])).not.toThrow();
    expect(() => assertMonotoneTimes('ts', [1, 0])).not.toThrow();
    expect(() => assertMonotoneTimes('ts', [0, 1, 1])).toThrow(/"ts\[2\]": expected strictly increasing/);
    expect(() => assertMonotoneTimes('ts', [0, Number.NaN])).toThrow(/"ts\[1\]": expected a finite number/);
    expect(() => assertMonotoneTimes('ts', [])).toThrow(InvalidArgumentError);
  });
});
