import { initBackend } from '@gen/core';
import { expectClose, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipByGlobalNorm } from '../../src/optim/clip.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('clipByGlobalNorm', () => {
  it('scales to the max norm only when above it', async () => {
    const g = [tf.tensor1d([3, 0]), tf.tensor1d([4])];
    const { clipped, norm } = await expectNoLeaks(() => clipByGlobalNorm(g, 1));
    expect(norm).toBeCloseTo(5, 6);
    expectClose(
      [...((await clipped[0]?.data()) ?? []), ...((await clipped[1]?.data()) ?? [])],
      [0.6, 0, 0.8],
      { atol: 1e-6 },
      'clipped',
    );
    const untouched = clipByGlobalNorm(g, 10);
    expectClose((await untouched.clipped[0]?.data()) ?? [], [3, 0], { atol: 0 }, 'unchanged');
    tf.dispose([...g, ...clipped, ...untouched.clipped]);
  });
});
