import { InvalidArgumentError, initBackend } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { mnistDataset } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifierAccuracy } from '../../src/image-quality.js';

let pixels: Float32Array;
let labels: number[];

beforeAll(async () => {
  await initBackend('cpu');
  const test = await mnistDataset({ split: 'test' });
  const batch = test.slice(0, test.size);
  pixels = batch.x.dataSync() as Float32Array;
  labels = Array.from(batch.labels?.dataSync() ?? []);
  tf.dispose([batch.x, batch.labels as tf.Tensor]);
});

describe('the page’s quality readout: the shipped classifier’s accuracy on labelled digits', () => {
  it('is the classifier’s stated 97.1% on the 1 000 held-out MNIST digits, without leaking', async () => {
    expect(labels).toHaveLength(1000);
    const accuracy = await expectNoLeaks(() => classifierAccuracy(pixels, labels));
    expect(accuracy).toBeCloseTo(0.971, 2);
  });

  it('is near 0 when every label is shifted by one class (chance would be 0.1)', async () => {
    const shifted = labels.map((l) => (l + 1) % 10);
    expect(await classifierAccuracy(pixels, shifted)).toBeLessThan(0.03);
  });

  it('refuses labels that do not match the images one to one, naming labels, without leaking', async () => {
    await expectNoLeaks(async () => {
      const error = await classifierAccuracy(pixels.subarray(0, 784 * 3), [1, 2]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).parameter).toBe('labels');
      await expect(classifierAccuracy(new Float32Array(0), [])).rejects.toBeInstanceOf(InvalidArgumentError);
    });
  });
});
