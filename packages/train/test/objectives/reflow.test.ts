import { InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import { expectClose, expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toyDataset } from '../../src/data/index.js';
import { type ReflowPairs, reflow, reflowPairs } from '../../src/objectives/index.js';
import { affineField, linearModel, shifted } from '../fixtures/objective-fields.js';
import { lossOf } from '../support/objective-loss.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('reflow', () => {
  // u(t, x) = a·x carries z at t = 1 to x = e^{−a}·z at t = 0. On such pairs x_t = k(t)·z with
  // k = (1 − t)e^{−a} + t, so the exact reflow field is u*(t, x) = (1 − e^{−a})/k(t)·x.
  const a = 0.7;
  const teacher = linearModel(
    [
      [a, 0],
      [0, a],
    ],
    [0, 0],
  );
  afterAll(() => teacher.dispose());

  it('generates pairs x = φ(z) by integrating from t = 1 to t = 0, and the straight field fits them exactly', async () => {
    const pairs = await expectNoLeaks(() => reflowPairs(teacher.model, 256, 4, { dim: 2, rtol: 1e-7, atol: 1e-7 }));
    expect(pairs.x.shape).toEqual([256, 2]);
    const expected = tf.tidy(() => tf.mul(pairs.z, Math.exp(-a)));
    expectClose(pairs.x.dataSync(), expected.dataSync(), { atol: 1e-5 }, 'x = e^{−a}·z');
    const straight = affineField((t) => [(1 - Math.exp(-a)) / ((1 - t) * Math.exp(-a) + t), 0], [0, 0]);
    const batch = toyDataset('moons').sample(128, 0); // only its size and dimension are used
    expect(lossOf(reflow(pairs), straight, batch, 2)).toBeLessThan(1e-8);
    expect(lossOf(reflow(pairs), shifted(straight, [0, 0.5]), batch, 2)).toBeCloseTo(0.25, 6);
    const wide = tf.zeros([4, 3]);
    expectInvalidArgument(() => reflow(pairs).loss(straight, wide, 0), ShapeError, 'batch');
    const objective = reflow(pairs);
    pairs.dispose();
    expectInvalidArgument(() => objective.loss(straight, batch, 0), InvalidArgumentError, 'pairs.x');
    tf.dispose([expected, batch, wide]);
  });

  it('rejects bad arguments', async () => {
    await expect(reflowPairs(teacher.model, 0, 1, { dim: 2 })).rejects.toMatchObject({ parameter: 'n' });
    await expect(reflowPairs(teacher.model, 4, 1, { dim: 0 })).rejects.toMatchObject({ parameter: 'options.dim' });
    const x = tf.zeros([4, 2]);
    const z = tf.zeros([4, 3]);
    expectInvalidArgument(() => reflow({ x, z, dispose: () => {} }), ShapeError, 'pairs.z');
    expectInvalidArgument(() => reflow(null as unknown as ReflowPairs), InvalidArgumentError, 'pairs');
    tf.dispose([x, z]);
  });
});
