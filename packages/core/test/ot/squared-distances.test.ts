import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/index.js';
import { pairwiseSquaredDistances, squaredDistances } from '../../src/ot/index.js';
import { expectClose, expectNoLeaks } from '../../src/testing/index.js';
import { argumentError } from '../support/argument-error.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('squaredDistances', () => {
  it('matches hand-computed squared distances and reads back float64', async () => {
    const x = tf.tensor2d([
      [0, 0],
      [1, 0],
    ]);
    const y = tf.tensor2d([
      [0, 1],
      [2, 0],
      [1, 1],
    ]);
    const cost = await expectNoLeaks(() => squaredDistances(x, y));
    expect(cost).toBeInstanceOf(Float64Array);
    expectClose(cost, [1, 4, 2, 2, 1, 1], { atol: 1e-6 }, 'cost');
    tf.dispose([x, y]);
  });

  it('gives within-set distances with an exact zero diagonal and no leaks', async () => {
    const x = tf.tensor2d([
      [10.5, -3],
      [11, -2],
      [9, 0],
    ]);
    const d2 = await expectNoLeaks(() => pairwiseSquaredDistances(x));
    const values = await d2.data();
    expect([values[0], values[4], values[8]]).toEqual([0, 0, 0]);
    expectClose(values, [0, 1.25, 11.25, 1.25, 0, 8, 11.25, 8, 0], { atol: 1e-4 }, 'd2');
    tf.dispose([x, d2]);
  });

  it('rejects bad point sets, naming the parameter', () => {
    const x = tf.zeros([3, 2]);
    const rank1 = tf.zeros([3]);
    const wrongDim = tf.zeros([4, 3]);
    const ints = tf.zeros([4, 2], 'int32');
    const empty = tf.zeros([0, 2]);
    expect(() => squaredDistances(rank1, x)).toThrow(argumentError('ShapeError', 'x'));
    expect(() => squaredDistances(x, wrongDim)).toThrow(argumentError('ShapeError', 'y'));
    expect(() => squaredDistances(x, ints)).toThrow(argumentError('InvalidArgumentError', 'y'));
    expect(() => squaredDistances(empty, x)).toThrow(argumentError('ShapeError', 'x'));
    expect(() => squaredDistances([[0, 1]] as unknown as tf.Tensor, x)).toThrow(
      argumentError('InvalidArgumentError', 'x'),
    );
    tf.dispose([x, rank1, wrongDim, ints, empty]);
  });
});
