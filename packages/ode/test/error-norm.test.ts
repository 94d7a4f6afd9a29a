import { initBackend } from '@gen/core';
import { expectClose, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { errorNorm } from '../src/internal.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('errorNorm', () => {
  it('is the RMS of e / (atol + rtol·max(|y0|, |y1|)) over every entry, or over the leading ones', async () => {
    const error = tf.tensor2d([[3, 4]]);
    const y0 = tf.tensor2d([[1, -30]]);
    const y1 = tf.tensor2d([[10, -20]]);
    // Scales: 1 + 0.1·max(1, 10) = 2 and 1 + 0.1·max(30, 20) = 4, so the ratios are 1.5 and 1.
    const full = await expectNoLeaks(() => errorNorm(error, y0, y1, 0.1, 1));
    expectClose(await full.data(), [Math.sqrt((1.5 ** 2 + 1 ** 2) / 2)], { rtol: 1e-6 }, 'mixed norm');
    const absolute = errorNorm(error, y0, y1, 0, 1);
    expectClose(await absolute.data(), [Math.sqrt((9 + 16) / 2)], { rtol: 1e-6 }, 'absolute norm');
    const seminorm = errorNorm(error, y0, y1, 0.1, 1, 1);
    expectClose(await seminorm.data(), [1.5], { rtol: 1e-6 }, 'seminorm over the first entry');
    tf.dispose([error, y0, y1, full, absolute, seminorm]);
  });
});
