import { frechetDistance, InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MnistClassifier, mnistClassifier } from '../../src/classifier/mnist-classifier.js';
import { type ImageDataset, imageDataset, mnistDataset } from '../../src/data/index.js';
import { evaluateImages, type ImageModel } from '../../src/evaluation/evaluate-images.js';
import { imageBitsPerDim } from '../../src/evaluation/image-bits-per-dim.js';

let classifier: MnistClassifier;
let heldOut: ImageDataset;
let prototypes: tf.Tensor;

/** The first `perDigit` images of each digit of a split (grouped by digit), as a smaller labelled data set. */
function firstOfEachDigit(data: ImageDataset, perDigit: number): ImageDataset {
  const pixels = new Uint8Array(10 * perDigit * 784);
  const labels: number[] = [];
  for (let d = 0; d < 10; d += 1) {
    const first = (data.labels as Int32Array).indexOf(d);
    pixels.set(data.levels.subarray(first * 784, (first + perDigit) * 784), d * perDigit * 784);
    for (let i = 0; i < perDigit; i += 1) labels.push(d);
  }
  return imageDataset(pixels, [28, 28, 1], { labels, classes: 10 });
}

beforeAll(async () => {
  await initBackend('cpu');
  classifier = mnistClassifier();
  heldOut = firstOfEachDigit(await mnistDataset({ split: 'test' }), 30);
  // One training image of each digit: the first of each digit's in the train split that the classifier gets right.
  const candidates = firstOfEachDigit(await mnistDataset({ split: 'train' }), 5).slice(0, 50).x;
  const predicted = classifier.predict(candidates).dataSync();
  const chosen = Array.from({ length: 10 }, (_, d) => {
    const i = [0, 1, 2, 3, 4].find((k) => predicted[5 * d + k] === d);
    if (i === undefined) throw new Error(`none of the first 5 training images of digit ${d} is classified right`);
    return 5 * d + i;
  });
  prototypes = tf.tidy(() => tf.gather(candidates, tf.tensor1d(chosen, 'int32')));
  candidates.dispose();
}, 300_000); // a hang guard like testTimeout: loading mnist and 100 classifier passes take seconds under load

afterAll(() => {
  classifier?.dispose();
  prototypes?.dispose();
});

/**
 * A class-conditional field whose flow carries any x at t = 1 to the prototype of digit (label + shift) mod 10 at
 * t = 0: u = (x − target)/t, which one Euler step from t = 1 to 0 integrates exactly.
 */
function oracle(shift: number): ImageModel {
  const field = ((_t: number, x: tf.Tensor) => tf.zerosLike(x)) as ImageModel;
  return Object.assign(field, {
    classes: 10,
    forwardTimes: (t: tf.Tensor, x: tf.Tensor, labels?: tf.Tensor) =>
      tf.tidy(() => {
        const target = tf.gather(
          prototypes,
          tf.mod(tf.add(labels as tf.Tensor, tf.scalar(shift, 'int32')), tf.scalar(10, 'int32')),
        );
        return tf.div(tf.sub(x, target), tf.reshape(t, [-1, 1, 1, 1]));
      }),
  });
}

const euler = { method: 'euler', steps: 1 };

describe('evaluateImages', () => {
  it('scores samples of the right digits: accuracy 1, and the Fréchet distance of their features', async () => {
    const predicted = classifier.predict(prototypes);
    expect([...predicted.dataSync()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    predicted.dispose();
    const report = await expectNoLeaks(() =>
      evaluateImages(oracle(0), heldOut, { samples: 100, batchSize: 40, solver: euler, likelihood: false, classifier }),
    );
    expect(report.classifierAccuracy).toBe(1);
    expect(report.samples).toBe(100);
    expect(report.sampleNfe).toBe(3); // three batches, one Euler step each
    expect(report.bitsPerDim).toBeUndefined();
    // The same number from the samples written out: prototype i mod 10 for sample i.
    const samples = tf.gather(
      prototypes,
      tf.tensor1d(
        Array.from({ length: 100 }, (_, i) => i % 10),
        'int32',
      ),
    );
    const { x } = heldOut.slice(0, heldOut.size);
    const [a, b] = [classifier.features(samples), classifier.features(x)];
    const direct = frechetDistance(a, b);
    tf.dispose([samples, x, a, b]);
    expect(Math.abs(report.frechetDistance - direct)).toBeLessThan(1e-4 * direct);
  });

  it('gives accuracy 0 to a model whose labels are shifted by one digit', async () => {
    const report = await evaluateImages(oracle(1), heldOut, {
      samples: 50,
      batchSize: 50,
      solver: euler,
      likelihood: false,
      classifier,
    });
    expect(report.classifierAccuracy).toBe(0);
  });

  it('puts noise far from digits: the Fréchet distance of N(0, I) samples is over 10× that of other real digits', async () => {
    const noise = (_t: number, x: tf.Tensor) => tf.zerosLike(x); // samples = the prior draw
    const report = await expectNoLeaks(() =>
      evaluateImages(noise, heldOut, { samples: 300, batchSize: 150, solver: euler, likelihood: false, classifier }),
    );
    expect(report.classifierAccuracy).toBeUndefined();
    const otherDigits = firstOfEachDigit(await mnistDataset({ split: 'test' }), 100);
    const { x: other } = otherDigits.slice(0, 1000);
    const { x: held } = heldOut.slice(0, heldOut.size);
    const [a, b] = [classifier.features(other.slice([0], [1000])), classifier.features(held)];
    // Real vs real: the 300 held-out images against all 1 000 test images (they overlap: the first 30 of each digit).
    const realToReal = frechetDistance(a, b);
    tf.dispose([other, held, a, b]);
    expect(report.frechetDistance).toBeGreaterThan(10 * realToReal);
  });

  it('adds the bits/dim of the data, as imageBitsPerDim computes it', async () => {
    const zero = (_t: number, x: tf.Tensor) => tf.zerosLike(x);
    const likelihood = { images: 3, batchSize: 3, divergence: 'hutchinson' as const, seed: 2 };
    const report = await expectNoLeaks(() =>
      evaluateImages(zero, heldOut, { samples: 10, solver: euler, likelihood, classifier }),
    );
    const direct = await imageBitsPerDim(zero, heldOut, likelihood);
    expect(report.bitsPerDim).toBe(direct.bitsPerDim);
    expect(report.bitsPerDimStandardError).toBe(direct.standardError);
    expect(report.likelihoodNfe).toBe(direct.nfe);
  });

  it('refuses bad arguments with typed errors naming them, leaking nothing', async () => {
    const small = imageDataset(new Uint8Array(2 * 16), [4, 4, 1]);
    const fiveClasses = Object.assign((_t: number, x: tf.Tensor) => x, { classes: 5 });
    const cases: [() => Promise<unknown>, string, string][] = [
      [() => evaluateImages(3 as never, heldOut), 'model', 'InvalidArgumentError'],
      [() => evaluateImages(oracle(0), small, { classifier }), 'data', 'ShapeError'],
      [() => evaluateImages(oracle(0), {} as never), 'data', 'InvalidArgumentError'],
      [() => evaluateImages(fiveClasses, heldOut, { classifier }), 'model.classes', 'InvalidArgumentError'],
      [() => evaluateImages(oracle(0), heldOut, { samples: 1, classifier }), 'options.samples', 'InvalidArgumentError'],
      [
        () => evaluateImages(oracle(0), heldOut, { batchSize: 0, classifier }),
        'options.batchSize',
        'InvalidArgumentError',
      ],
    ];
    for (const [call, parameter, kind] of cases) {
      await expectNoLeaks(async () => {
        await expect(call()).rejects.toSatisfy(
          (e) => e instanceof InvalidArgumentError && e.parameter === parameter && e.name === kind,
        );
      });
    }
    expect(ShapeError.kind).toBe('ShapeError');
    // A model that throws: the error reaches the caller, and nothing is left behind.
    const failing = () => {
      throw new RangeError('model failed');
    };
    await expectNoLeaks(async () => {
      await expect(evaluateImages(failing, heldOut, { samples: 4, likelihood: false, classifier })).rejects.toThrow(
        'model failed',
      );
    });
  });
});
