import { initBackend } from '@gen/core';
import { expectClose, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '../src/optim/adam.js';
import { clipByGlobalNorm } from '../src/optim/clip.js';
import { Ema } from '../src/optim/ema.js';
import { learningRateAt } from '../src/optim/schedule.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('Adam', () => {
  it('matches tf.train.adam update for update, and its state round-trips', async () => {
    const start = [0.5, -1.5, 2];
    const ours = tf.variable(tf.tensor1d(start));
    const theirs = tf.variable(tf.tensor1d(start));
    const adam = new Adam([ours]);
    const reference = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    const loss = (w: tf.Variable) => () => tf.sum(tf.mul(tf.square(w), tf.tensor1d([1, 3, 0.5]))) as tf.Scalar;
    for (let k = 0; k < 25; k += 1) {
      await expectNoLeaks(() => {
        const { value, grads } = tf.variableGrads(loss(ours), [ours]);
        adam.apply([grads[ours.name] as tf.Tensor], 0.01);
        tf.dispose([value, ...Object.values(grads)]);
      });
      reference.minimize(loss(theirs));
    }
    expectClose(await ours.data(), await theirs.data(), { atol: 1e-5 }, 'weights after 25 updates');
    const state = adam.getState();
    expect(state.step).toBe(25);
    const copy = new Adam([ours]);
    copy.setState(state);
    expect(Array.from(copy.getState().m[0] as Float32Array)).toEqual(Array.from(state.m[0] as Float32Array));
    tf.dispose([ours, theirs]);
    reference.dispose();
    adam.dispose();
    copy.dispose();
  });
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
