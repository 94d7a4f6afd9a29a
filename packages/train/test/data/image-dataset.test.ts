import { InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import { expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetFromArray, imageDataset, toyDataset } from '../../src/data/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** N images of shape [4, 3, 2] whose every pixel is the image's index (so a batch row names its source). */
function indexedImages(n: number): Uint8Array {
  return Uint8Array.from({ length: n * 24 }, (_, k) => Math.floor(k / 24));
}

describe('Dataset.shape of point data', () => {
  it('is [D], with dim its product', () => {
    expect(toyDataset('moons').shape).toEqual([2]);
    const data = datasetFromArray([[1, 2, 3]]);
    expect([data.shape, data.dim, data.classes, data.sampleLabelled]).toEqual([[3], 3, undefined, undefined]);
  });
});

describe('imageDataset', () => {
  it('scales level ℓ to 2ℓ/255 − 1 and keeps the image shape', async () => {
    const data = imageDataset(Uint8Array.of(0, 51, 255, 128), [2, 2, 1]);
    expect([data.shape, data.dim, data.size, data.classes]).toEqual([[2, 2, 1], 4, 1, undefined]);
    expect(data.sampleLabelled).toBeUndefined();
    const x = await expectNoLeaks(() => data.sample(3, 0));
    expect(x.shape).toEqual([3, 2, 2, 1]);
    expect(Array.from(x.dataSync().subarray(0, 4))).toEqual(
      [-1, (2 * 51) / 255 - 1, 1, (2 * 128) / 255 - 1].map((v) => Math.fround(v)),
    );
    x.dispose();
  });

  it('takes floats in [0, 1] as levels 255·v', () => {
    const data = imageDataset(Float64Array.of(0, 0.2, 1, 0.5), [1, 4, 1]);
    expect(Array.from(data.levels)).toEqual([0, 51, 255, 127.5]);
  });

  it('sampleLabelled returns sample’s images and the label of each, reproducibly from the seed', async () => {
    const n = 50;
    const data = imageDataset(indexedImages(n), [4, 3, 2], { labels: Array.from({ length: n }, (_, i) => i % 3) });
    expect(data.classes).toBe(3);
    const { x, labels } = await expectNoLeaks(
      () => data.sampleLabelled?.(200, 11) as { x: tf.Tensor; labels: tf.Tensor },
    );
    const plain = data.sample(200, 11);
    const other = data.sample(200, 12);
    expect(Array.from(plain.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from(other.dataSync())).not.toEqual(Array.from(x.dataSync()));
    expect([x.shape, labels.shape, labels.dtype]).toEqual([[200, 4, 3, 2], [200], 'int32']);
    const values = x.dataSync();
    const ids = labels.dataSync();
    const sources = new Set<number>();
    for (let row = 0; row < 200; row += 1) {
      const index = Math.round(((values[row * 24] as number) + 1) * 127.5);
      sources.add(index);
      expect(ids[row]).toBe(index % 3);
      // Every pixel of the row is that image's.
      expect(new Set(values.subarray(row * 24, (row + 1) * 24)).size).toBe(1);
    }
    expect(sources.size).toBeGreaterThan(40); // uniform draws with replacement: ~ 50·(1 − e^−4) = 49 distinct
    tf.dispose([x, labels, plain, other]);
  });

  it('dequantisation adds U[0, 1) of one level: 2(ℓ + u)/256 − 1, seeded per batch, same images as without', async () => {
    const levels = new Uint8Array(2 * 16 * 16).fill(255);
    levels.fill(0, 0, 256);
    const plain = imageDataset(levels, [16, 16, 1]);
    const data = imageDataset(levels, [16, 16, 1], { dequantize: true });
    const x = await expectNoLeaks(() => data.sample(64, 5));
    const xPlain = plain.sample(64, 5);
    const values = x.dataSync();
    const plainValues = xPlain.dataSync();
    const u: number[] = [];
    for (let k = 0; k < values.length; k += 1) {
      const level = Math.round(((plainValues[k] as number) + 1) * 127.5);
      const noise = (((values[k] as number) + 1) / 2) * 256 - level; // float32 rounding: ±3e-5
      expect(noise).toBeGreaterThanOrEqual(-1e-4);
      expect(noise).toBeLessThan(1 + 1e-4);
      u.push(noise);
    }
    expect(Math.max(...values)).toBeLessThan(1);
    // 16 384 draws of U[0, 1): mean 1/2 (sd 0.0023), variance 1/12 = 0.0833 (sd 0.0006).
    const mean = u.reduce((a, b) => a + b, 0) / u.length;
    const variance = u.reduce((a, b) => a + (b - mean) ** 2, 0) / u.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.003);
    const again = data.sample(64, 5);
    const other = data.sample(64, 6);
    expect(Array.from(again.dataSync())).toEqual(Array.from(values));
    expect(Array.from(other.dataSync())).not.toEqual(Array.from(values));
    tf.dispose([x, xPlain, again, other]);
  });

  it('slice returns images start … end − 1 in order with their labels; its noise is seeded', async () => {
    const data = imageDataset(indexedImages(10), [4, 3, 2], { labels: [0, 1, 2, 0, 1, 2, 0, 1, 2, 0], classes: 4 });
    expect(data.classes).toBe(4);
    const { x, labels } = await expectNoLeaks(() => data.slice(3, 7));
    expect(x.shape).toEqual([4, 4, 3, 2]);
    const firsts = [0, 1, 2, 3].map((row) => Math.round(((x.dataSync()[row * 24] as number) + 1) * 127.5));
    expect(firsts).toEqual([3, 4, 5, 6]);
    expect(Array.from(labels?.dataSync() ?? [])).toEqual([0, 1, 2, 0]);
    tf.dispose([x, labels as tf.Tensor]);
    const noisy = imageDataset(indexedImages(10), [4, 3, 2], { dequantize: true });
    const a = noisy.slice(0, 10, 1);
    const b = noisy.slice(0, 10, 1);
    const c = noisy.slice(0, 10, 2);
    expect(a.labels).toBeUndefined();
    expect(Array.from(a.x.dataSync())).toEqual(Array.from(b.x.dataSync()));
    expect(Array.from(a.x.dataSync())).not.toEqual(Array.from(c.x.dataSync()));
    tf.dispose([a.x, b.x, c.x]);
    expectInvalidArgument(() => data.slice(10, 11), InvalidArgumentError, 'start');
    expectInvalidArgument(() => data.slice(3, 3), InvalidArgumentError, 'end');
    expectInvalidArgument(() => data.slice(3, 11), InvalidArgumentError, 'end');
    expectInvalidArgument(() => data.slice(0, 1, -1), InvalidArgumentError, 'seed');
  });

  it('refuses bad shapes, pixels, labels, classes and class names, leaking nothing', async () => {
    const pixels = indexedImages(4);
    const refuse = (fn: () => unknown, kind: typeof InvalidArgumentError, parameter: string) =>
      expectNoLeaks(() => expectInvalidArgument(fn, kind, parameter));
    await refuse(() => imageDataset(pixels, [4, 3]), ShapeError, 'shape');
    await refuse(() => imageDataset(pixels, [4, 0, 2]), ShapeError, 'shape');
    await refuse(() => imageDataset(pixels, [5, 5, 1]), ShapeError, 'pixels');
    await refuse(() => imageDataset(new Uint8Array(0), [1, 1, 1]), ShapeError, 'pixels');
    await refuse(() => imageDataset(Float32Array.of(0, 1.5), [1, 1, 1]), InvalidArgumentError, 'pixels');
    await refuse(() => imageDataset(Float32Array.of(Number.NaN), [1, 1, 1]), InvalidArgumentError, 'pixels');
    await refuse(() => imageDataset(pixels, [4, 3, 2], { labels: [0, 1, 2] }), ShapeError, 'options.labels');
    await refuse(
      () => imageDataset(pixels, [4, 3, 2], { labels: [0, 1, 2, -1] }),
      InvalidArgumentError,
      'options.labels',
    );
    await refuse(
      () => imageDataset(pixels, [4, 3, 2], { labels: [0, 1, 2, 0.5] }),
      InvalidArgumentError,
      'options.labels',
    );
    await refuse(
      () => imageDataset(pixels, [4, 3, 2], { labels: [0, 1, 2, 3], classes: 3 }),
      InvalidArgumentError,
      'options.labels',
    );
    await refuse(() => imageDataset(pixels, [4, 3, 2], { classes: 3 }), InvalidArgumentError, 'options.classes');
    await refuse(
      () => imageDataset(pixels, [4, 3, 2], { labels: [0, 1, 0, 1], classNames: ['a'] }),
      InvalidArgumentError,
      'options.classNames',
    );
    const data = imageDataset(pixels, [4, 3, 2], { labels: [0, 1, 0, 1] });
    await refuse(() => data.sample(0, 1), InvalidArgumentError, 'n');
    await refuse(() => data.sampleLabelled?.(1.5, 1), InvalidArgumentError, 'n');
    await refuse(() => data.sampleLabelled?.(1, 0.5), InvalidArgumentError, 'seed');
  });
});
