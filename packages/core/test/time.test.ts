import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/errors/index.js';
import { assertMonotoneTimes, gridStep } from '../src/time/index.js';

describe('gridStep', () => {
  it('walks a span in exactly the asked number of steps, even after tens of thousands of rounded additions', () => {
    // A slack of 1e-9 of a step gave 20 001 and 30 001 steps here: t's accumulated rounding is about N²·ε of a step.
    for (const [t0, t1, n] of [
      [1, 0, 20_000],
      [1, 0, 30_000],
      [0, 3, 100_000],
      [1, 1e-3, 12_345],
    ] as const) {
      let [t, steps] = [t0 as number, 0];
      while (t !== t1) {
        t = gridStep(t, t1, Math.abs(t1 - t0) / n).t1;
        steps += 1;
      }
      expect(steps).toBe(n);
    }
  });

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
