import { InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import { expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MnistClassifier, mnistClassifier } from '../../src/classifier/mnist-classifier.js';
import { MNIST_CLASSIFIER_WEIGHTS_BASE64 } from '../../src/classifier/mnist-classifier-weights.js';
import { mnistDataset } from '../../src/data/index.js';
import { readSafetensors, writeSafetensors } from '../../src/io/safetensors/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const shippedBytes = Uint8Array.from(atob(MNIST_CLASSIFIER_WEIGHTS_BASE64), (ch) => ch.charCodeAt(0));

describe('mnistClassifier (the shipped weights)', () => {
  it('classifies the 1 000 held-out mnist test digits with accuracy ≥ 0.96 (measured 0.971)', async () => {
    const test = await mnistDataset({ split: 'test' });
    const classifier = mnistClassifier();
    const { x, labels } = test.slice(0, test.size);
    const correct = await expectNoLeaks(() =>
      tf.tidy(
        () => tf.sum(tf.cast(tf.equal(classifier.predict(x), labels as tf.Tensor), 'int32')).dataSync()[0] as number,
      ),
    );
    tf.dispose([x, labels as tf.Tensor]);
    classifier.dispose();
    expect(correct).toBeGreaterThanOrEqual(960);
    expect(correct / 1000).toBeCloseTo(0.971, 2);
  });

  it('holds only its variables: creating and disposing it leaves the tensor count as it was', async () => {
    const before = tf.memory().numTensors;
    const classifier = mnistClassifier();
    expect(tf.memory().numTensors - before).toBe(classifier.variables.length);
    classifier.dispose();
    MnistClassifier.initialise(3).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reloads bit-identically: the weights written back are the shipped bytes', () => {
    const { metadata } = readSafetensors(shippedBytes, 'shipped');
    expect(metadata.get('testAccuracy')).toBe('0.971');
    const classifier = mnistClassifier();
    const again = classifier.toSafetensors(Object.fromEntries(metadata));
    classifier.dispose();
    expect(again.length).toBe(shippedBytes.length);
    expect(Buffer.from(again).equals(Buffer.from(shippedBytes))).toBe(true);
    expect(shippedBytes.length).toBeLessThan(300_000);
  });
});

describe('MnistClassifier', () => {
  it('is the documented conv net: equal to tf.conv2d 4×4/4 → 2×2/2 → 2×2/2 → dense → dense on padded images', () => {
    const classifier = MnistClassifier.initialise(4);
    const x = tf.randomUniform([3, 28, 28, 1], -1.5, 1.5, 'float32', 1);
    const [k1, b1, k2, b2, k3, b3, w4, b4, w5, b5] = classifier.variables as unknown as [
      tf.Tensor4D,
      tf.Tensor,
      tf.Tensor4D,
      tf.Tensor,
      tf.Tensor4D,
      tf.Tensor,
      tf.Tensor2D,
      tf.Tensor,
      tf.Tensor2D,
      tf.Tensor,
    ];
    const [reference, features] = tf.tidy(() => {
      const padded = tf.pad(
        tf.clipByValue(x, -1, 1),
        [
          [0, 0],
          [2, 2],
          [2, 2],
          [0, 0],
        ],
        -1,
      ) as tf.Tensor4D;
      const h1 = tf.relu(tf.add(tf.conv2d(padded, k1, 4, 'valid'), b1)) as tf.Tensor4D;
      const h2 = tf.relu(tf.add(tf.conv2d(h1, k2, 2, 'valid'), b2)) as tf.Tensor4D;
      const h3 = tf.relu(tf.add(tf.conv2d(h2, k3, 2, 'valid'), b3));
      const f = tf.relu(tf.add(tf.matMul(tf.reshape(h3, [3, 256]), w4), b4)) as tf.Tensor2D;
      return [tf.add(tf.matMul(f, w5), b5), f];
    });
    const out = classifier.logitsAndFeatures(x);
    expect(out.logits.shape).toEqual([3, 10]);
    expect(out.features.shape).toEqual([3, 64]);
    const logitsError = tf.max(tf.abs(tf.sub(out.logits, reference))).dataSync()[0] as number;
    const featuresError = tf.max(tf.abs(tf.sub(out.features, features))).dataSync()[0] as number;
    expect(logitsError).toBeLessThan(1e-5);
    expect(featuresError).toBeLessThan(1e-5);
    tf.dispose([x, reference, features, out.logits, out.features]);
    classifier.dispose();
  });

  it('initialises reproducibly from its seed, in PyTorch’s default range ±1/√fan_in', () => {
    const [a, b, c] = [0, 0, 1].map((seed) => MnistClassifier.initialise(seed));
    const [bytesA, bytesB, bytesC] = [a, b, c].map((m) => (m as MnistClassifier).toSafetensors());
    expect(Buffer.from(bytesA as Uint8Array).equals(Buffer.from(bytesB as Uint8Array))).toBe(true);
    expect(Buffer.from(bytesA as Uint8Array).equals(Buffer.from(bytesC as Uint8Array))).toBe(false);
    const conv2 = (a as MnistClassifier).variables[2] as tf.Variable;
    const largest = tf.max(tf.abs(conv2)).dataSync()[0] as number;
    expect(largest).toBeLessThan(1 / Math.sqrt(128));
    expect(largest).toBeGreaterThan(0.95 / Math.sqrt(128));
    for (const m of [a, b, c]) m?.dispose();
  });

  it('returns what it documents without leaking: logits, features, int32 predictions', async () => {
    const classifier = mnistClassifier();
    const x = tf.zeros([2, 28, 28, 1]);
    const predicted = await expectNoLeaks(() => classifier.predict(x));
    expect(predicted.dtype).toBe('int32');
    expect(predicted.shape).toEqual([2]);
    const features = await expectNoLeaks(() => classifier.features(x));
    expect(features.shape).toEqual([2, 64]);
    const logits = await expectNoLeaks(() => classifier.logits(x));
    expect(logits.shape).toEqual([2, 10]);
    tf.dispose([x, predicted, features, logits]);
    classifier.dispose();
  });

  it('refuses images of the wrong shape or dtype and files without its tensors, naming the argument', async () => {
    const classifier = MnistClassifier.initialise(0);
    const flat = tf.zeros([2, 784]);
    const ints = tf.zeros([2, 28, 28, 1], 'int32');
    const wide = tf.zeros([2, 28, 28, 3]);
    await expectNoLeaks(() => {
      expectInvalidArgument(() => classifier.predict(flat), ShapeError, 'x');
      expectInvalidArgument(() => classifier.features(wide), ShapeError, 'x');
      expectInvalidArgument(() => classifier.logits(ints), InvalidArgumentError, 'x');
      const partial = writeSafetensors([{ name: 'conv1.weight', shape: [2], values: new Float32Array(2) }], {});
      expectInvalidArgument(
        () => MnistClassifier.fromSafetensors(partial),
        InvalidArgumentError,
        'bytes["conv1.weight"]',
      );
      expectInvalidArgument(() => MnistClassifier.fromSafetensors(new Uint8Array(3)), InvalidArgumentError, 'bytes');
      expectInvalidArgument(() => MnistClassifier.initialise(-1), InvalidArgumentError, 'seed');
    });
    tf.dispose([flat, ints, wide]);
    classifier.dispose();
  });
});
