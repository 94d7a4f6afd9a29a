import { initBackend } from '@gen/core';
import { expectClose, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { Ema } from '../../src/optim/ema.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('Ema', () => {
  it('averages exponentially with a warm-up: shadow = θ₁ + Πₖ dₖ·(θ₀ − θ₁), dₖ = min(d, (1 + k)/(10 + k))', async () => {
    const w = tf.variable(tf.tensor1d([0, 10]));
    const ema = new Ema([w], 0.5);
    tf.tidy(() => w.assign(tf.tensor1d([1, 20])));
    await expectNoLeaks(() => {
      for (let k = 0; k < 5; k += 1) ema.update();
    });
    const d5 = [0, 1, 2, 3, 4].reduce((p, k) => p * Math.min(0.5, (1 + k) / (10 + k)), 1);
    expectClose(ema.getValues()[0] as Float32Array, [1 + d5 * -1, 20 + d5 * -10], { atol: 1e-5 }, 'shadow');
    const target = tf.variable(tf.zeros([2]));
    await expectNoLeaks(() => ema.copyTo([target]));
    expectClose(await target.data(), ema.getValues()[0] as Float32Array, { atol: 0 }, 'copied');
    tf.dispose([w, target]);
    ema.dispose();
  });
});
