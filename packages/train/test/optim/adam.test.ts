import '@tensorflow/tfjs-backend-wasm';
import { initBackend, randomNormal } from '@gen/core';
import { fusedAdamAvailable } from '@gen/core/internal';
import { expectClose, expectNoLeaks, suspendFusedKernels } from '@gen/core/testing';
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

  for (const backend of ['wasm', 'cpu']) {
    it(`on ${backend}, the fused update (one GenAdamUpdate call) equals the composite bit for bit over 7 steps`, async () => {
      await initBackend(backend);
      const shapes = [[5, 3], [3], [4, 1]];
      const run = async (fused: boolean) => {
        const restore = fused ? () => {} : suspendFusedKernels();
        try {
          expect(fusedAdamAvailable()).toBe(fused);
          const variables = shapes.map((shape, i) => tf.variable(randomNormal(shape, 10 + i)));
          const adam = new Adam(variables, { beta1: 0.8, beta2: 0.99, epsilon: 1e-6 });
          for (let k = 0; k < 7; k += 1) {
            const grads = shapes.map((shape, i) => randomNormal(shape, 100 * k + i, 0, 1 + k));
            await expectNoLeaks(() => adam.apply(grads, 0.01 * (k + 1)));
            tf.dispose(grads);
          }
          const state = adam.getState();
          const weights = variables.map((w) => w.dataSync() as Float32Array);
          tf.dispose(variables);
          adam.dispose();
          return { state, weights };
        } finally {
          restore();
        }
      };
      const fused = await run(true);
      const composite = await run(false);
      expect(fused.state.step).toBe(7);
      expect(fused.weights).toEqual(composite.weights);
      expect(fused.state.m).toEqual(composite.state.m);
      expect(fused.state.v).toEqual(composite.state.v);
      await initBackend('cpu');
    });
  }
});
