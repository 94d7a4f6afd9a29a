import { InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import { expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetFromArray, datasetFromTensor } from '../../src/data/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('array and tensor datasets', () => {
  const rows = [
    [0, 10],
    [1, 11],
    [2, 12],
    [3, 13],
  ];

  it('draws rows uniformly with replacement, reproducibly from the seed', async () => {
    const data = datasetFromArray(rows, { columns: ['a', 'b'] });
    expect([data.name, data.dim, data.size, data.columns]).toEqual(['array', 2, 4, ['a', 'b']]);
    const batch = await expectNoLeaks(() => data.sample(8000, 5));
    const flat = batch.dataSync();
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i += 1) {
      const first = flat[2 * i] as number;
      expect(flat[2 * i + 1]).toBe(first + 10); // whole rows
      counts[first] = (counts[first] as number) + 1;
    }
    for (const c of counts) expect(Math.abs(c / 8000 - 0.25)).toBeLessThan(0.02);
    const again = data.sample(8000, 5);
    expect(Array.from(again.dataSync())).toEqual(Array.from(flat));
    tf.dispose([batch, again]);
  });

  it('keeps a host copy of a tensor, so the tensor may be disposed', async () => {
    const x = tf.tensor2d(rows);
    const data = datasetFromTensor(x, { name: 'grid' });
    x.dispose();
    const all = await expectNoLeaks(() => data.toTensor());
    expect([data.name, data.size, data.dim]).toEqual(['grid', 4, 2]);
    expect(all.arraySync()).toEqual(rows);
    all.dispose();
  });

  it('rejects bad rows and tensors, naming the entry', () => {
    expectInvalidArgument(() => datasetFromArray([]), ShapeError, 'rows');
    expectInvalidArgument(() => datasetFromArray([[1, 2], [3]]), ShapeError, 'rows[1]');
    expectInvalidArgument(() => datasetFromArray([[1, Number.NaN]]), InvalidArgumentError, 'rows[0][1]');
    expectInvalidArgument(
      () => datasetFromArray([[1, 2]], { columns: ['a'] }),
      InvalidArgumentError,
      'options.columns',
    );
    const vector = tf.tensor1d([1, 2]);
    const withNaN = tf.tensor2d([[1, Number.NaN]]);
    const flags = tf.tensor2d([[true, false]], [1, 2], 'bool');
    expectInvalidArgument(() => datasetFromTensor(vector), ShapeError, 'x');
    expectInvalidArgument(() => datasetFromTensor(withNaN), InvalidArgumentError, 'x');
    expectInvalidArgument(() => datasetFromTensor(flags), InvalidArgumentError, 'x');
    tf.dispose([vector, withNaN, flags]);
  });
});
