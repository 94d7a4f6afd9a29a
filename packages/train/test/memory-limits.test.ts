import {
  allocationLimit,
  DEFAULT_ALLOCATION_LIMIT,
  initBackend,
  ResourceLimitError,
  setAllocationLimit,
  type VectorField,
} from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toyDataset } from '../src/data/index.js';
import { evaluate } from '../src/evaluate.js';
import { mlpVectorField } from '../src/models/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

afterEach(() => {
  setAllocationLimit(DEFAULT_ALLOCATION_LIMIT);
});

/** Matches a ResourceLimitError naming `parameter` that states `bytes` against the limit in force. */
const limitError = (parameter: string, bytes: number) =>
  expect.objectContaining({ name: 'ResourceLimitError', parameter, bytes, limit: allocationLimit() });

describe('mlpVectorField sizes', () => {
  it('refuses --hidden 100000000 (6·10⁸ parameters, 9.6 GB with gradients and Adam moments) before allocating', async () => {
    // (2 + 1 + 1)·10⁸ first-layer weights and biases, then (10⁸ + 1)·2 to the output.
    await expectNoLeaks(() => {
      expect(() => mlpVectorField({ dim: 2, hidden: [1e8] })).toThrow(limitError('options.hidden', 600000002 * 16));
    });
    let caught: unknown;
    try {
      mlpVectorField({ dim: 2, hidden: [1e8, 1e8] });
    } catch (error) {
      caught = error;
    }
    expect(ResourceLimitError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toContain('model of 10000000700000002 parameters'); // ≈ 10¹⁶: 142 PiB
  });

  it('counts kernels and biases with the Fourier time embedding, against the limit in force', () => {
    // widths [2 + 2·16, 512, 512, 2]: 35·512 + 513·512 + 513·2 = 281 602 parameters, 4 505 632 bytes
    setAllocationLimit(4505632);
    const model = mlpVectorField({ dim: 2, hidden: [512, 512], timeEmbedding: 'fourier' });
    model.dispose();
    setAllocationLimit(4505631);
    expect(() => mlpVectorField({ dim: 2, hidden: [512, 512], timeEmbedding: 'fourier' })).toThrow(
      limitError('options.hidden', 4505632),
    );
  });
});

describe('data set and evaluation sizes', () => {
  it('refuses a toy batch whose float64 draw exceeds the limit (gen eval -n 1e9 grew past 20 GB)', () => {
    expect(() => toyDataset('moons').sample(1e9, 0)).toThrow(limitError('n', 1.6e10));
    setAllocationLimit(1000);
    const batch = toyDataset('moons').sample(62, 0); // 62·2·8 = 992 bytes
    expect(batch.shape).toEqual([62, 2]);
    batch.dispose();
    expect(() => toyDataset('moons').sample(63, 0)).toThrow(limitError('n', 1008));
  });

  it('evaluate refuses a sample count above the limit before calling the model', async () => {
    let calls = 0;
    const field: VectorField = (_t, x) => {
      calls += 1;
      return tf.neg(x);
    };
    const data = tf.zeros([4, 2]);
    setAllocationLimit(1024);
    await expectNoLeaks(async () => {
      await expect(evaluate({ model: field, data, samples: 129 })).rejects.toThrow(
        limitError('options.samples', 129 * 2 * 4),
      );
    });
    expect(calls).toBe(0);
    data.dispose();
  });
});
