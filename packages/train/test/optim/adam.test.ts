import { initBackend } from '@gen/core';
import { expectClose, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '../../src/optim/adam.js';

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
