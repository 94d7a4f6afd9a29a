import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/index.js';
import { DiagonalGaussian, GaussianMixture, StandardNormal } from '../src/distributions/index.js';
import { formatBytes, InvalidArgumentError, ResourceLimitError } from '../src/errors/index.js';
import { minibatchOtPairing, pairwiseSquaredDistances, squaredDistances } from '../src/ot/index.js';
import { randomNormal, randomRademacher, randomUniform } from '../src/random/index.js';
import { expectNoLeaks } from '../src/testing/index.js';
import {
  allocationLimit,
  DEFAULT_ALLOCATION_LIMIT,
  requireMemory,
  setAllocationLimit,
} from '../src/validation/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

afterEach(() => {
  setAllocationLimit(DEFAULT_ALLOCATION_LIMIT);
});

/** Matches a ResourceLimitError naming `parameter` that states `bytes` against the limit in force. */
const limitError = (parameter: string, bytes: number) =>
  expect.objectContaining({ name: 'ResourceLimitError', parameter, bytes, limit: allocationLimit() });

describe('requireMemory', () => {
  it('refuses more than the limit with a typed error stating the bytes needed, and accepts the limit itself', () => {
    expect(allocationLimit()).toBe(2 ** 30);
    expect(() => requireMemory('n', 2 ** 28, 2 ** 30, '[n] float32 vector')).not.toThrow();
    let caught: unknown;
    try {
      requireMemory('n', 1e9, 8e9, '[n, 2] float32 sample');
    } catch (error) {
      caught = error;
    }
    expect(ResourceLimitError.isInstance(caught)).toBe(true);
    expect(InvalidArgumentError.isInstance(caught)).toBe(true); // the CLI's exit-2 path catches it
    expect(caught).toMatchObject({ parameter: 'n', received: '1000000000', bytes: 8e9, limit: 2 ** 30 });
    expect((caught as Error).message).toBe(
      'Invalid argument "n": expected a size whose [n, 2] float32 sample fits in 1 GiB, received 1000000000. ' +
        'It needs 7.45 GiB; lower "n", or raise the limit with setAllocationLimit().',
    );
  });

  it('compares absurd sizes correctly and refuses a size that is not a finite number of bytes', () => {
    expect(() => requireMemory('hidden', 1e8, 1e16 * 16, 'weights')).toThrow(limitError('hidden', 1.6e17));
    expect(() => requireMemory('n', Number.NaN, Number.NaN, 'sample')).toThrow(
      expect.objectContaining({ name: 'ResourceLimitError' }),
    );
  });

  it('follows setAllocationLimit, which returns the previous limit and rejects a bad one', () => {
    expect(setAllocationLimit(1024)).toBe(2 ** 30);
    expect(() => requireMemory('n', 257, 1028, 'x')).toThrow(limitError('n', 1028));
    expect(setAllocationLimit(2048)).toBe(1024);
    expect(() => requireMemory('n', 257, 1028, 'x')).not.toThrow();
    for (const bad of [0, -1, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => setAllocationLimit(bad)).toThrow(expect.objectContaining({ parameter: 'bytes' }));
    }
    expect(allocationLimit()).toBe(2048);
  });

  it('formats bytes in binary units with three significant digits', () => {
    expect([0, 512, 1024, 1536, 2 ** 30, 8e9, 8e12, 2 ** 70].map(formatBytes)).toEqual([
      '0 bytes',
      '512 bytes',
      '1 KiB',
      '1.5 KiB',
      '1 GiB',
      '7.45 GiB',
      '7.28 TiB',
      '1024 EiB',
    ]);
  });
});

describe('allocation checks before sampling', () => {
  it('refuses n = 10¹² prior samples by name, before allocating (was "Invalid typed array length")', async () => {
    const priors = [
      new StandardNormal(2),
      new DiagonalGaussian({ mean: [0, 1], std: [1, 2] }),
      new GaussianMixture({
        weights: [1, 1],
        means: [
          [0, 0],
          [1, 1],
        ],
        stds: [1, 1],
      }),
    ];
    for (const prior of priors) {
      await expectNoLeaks(() => {
        expect(() => prior.sample(1e12, 0)).toThrow(limitError('n', 8e12));
      });
    }
    expect(() => new StandardNormal(3).sample(2 ** 27, 0)).toThrow(limitError('n', 3 * 2 ** 29)); // 1.5 GiB
  });

  it('refuses a random tensor above the limit and draws one at the limit', async () => {
    for (const draw of [randomNormal, randomUniform, randomRademacher]) {
      expect(() => draw([1e6, 1e6], 0)).toThrow(limitError('shape', 4e12));
    }
    setAllocationLimit(4096);
    const atLimit = await expectNoLeaks(() => randomNormal([32, 32], 0));
    expect(atLimit.shape).toEqual([32, 32]);
    atLimit.dispose();
    expect(() => randomNormal([32, 33], 0)).toThrow(limitError('shape', 4224));
  });
});

describe('allocation checks of the transport plans', () => {
  it('refuses an exact OT-CFM pairing of two 20 000-row batches (a 3.2 GB cost) before allocating', async () => {
    const [x0, x1] = [tf.zeros([20000, 2]), tf.zeros([20000, 2])];
    await expectNoLeaks(() => {
      expect(() => minibatchOtPairing(x0, x1, { method: 'exact' })).toThrow(limitError('x0', 3.2e9));
    });
    tf.dispose([x0, x1]);
  });

  it('refuses distance matrices above the limit and computes them at the limit', async () => {
    const x = randomNormal([16, 2], 1);
    const y = randomNormal([32, 2], 2);
    setAllocationLimit(16 * 32 * 4);
    const d2 = await expectNoLeaks(() => pairwiseSquaredDistances(x, y));
    expect(d2.shape).toEqual([16, 32]);
    d2.dispose();
    expect(() => squaredDistances(x, y)).toThrow(limitError('x', 16 * 32 * 8));
    expect(() => minibatchOtPairing(x, y, { method: 'sinkhorn', epsilon: 1, seed: 0 })).toThrow(
      limitError('x0', 16 * 32 * 8),
    );
    setAllocationLimit(16 * 32 * 8);
    expect(squaredDistances(x, y)).toHaveLength(16 * 32);
    tf.dispose([x, y]);
  });
});
