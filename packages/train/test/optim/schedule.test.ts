import { initBackend } from '@gen/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { learningRateAt } from '../../src/optim/schedule.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('learning-rate schedules', () => {
  it('warm up linearly, then stay constant, decay by a cosine, or linearly', () => {
    expect(learningRateAt('constant', 1e-3, 0, 100, 10)).toBeCloseTo(1e-4, 12);
    expect(learningRateAt('constant', 1e-3, 9, 100, 10)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt('constant', 1e-3, 70, 100)).toBe(1e-3);
    expect(learningRateAt('cosine', 1e-3, 50, 100)).toBeCloseTo(5e-4, 12);
    expect(learningRateAt('cosine', 1e-3, 0, 100)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt('linear', 1e-3, 75, 100)).toBeCloseTo(2.5e-4, 12);
  });
});
