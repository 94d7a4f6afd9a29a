import '@tensorflow/tfjs-backend-wasm';
import { Rng, randomNormal } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { sample } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { mnistClassifier } from '../../src/classifier/mnist-classifier.js';
import { guidedField } from '../../src/conditioning/index.js';
import { type ImageDataset, imageDataset } from '../../src/data/index.js';
import { type UnetVectorField, unetVectorField } from '../../src/models/index.js';
import { conditionalFlowMatching } from '../../src/objectives/index.js';
import { train } from '../../src/trainer.js';

/**
 * The short seeded MNIST run of the end-to-end tests (issue 14): the default U-Net, class-conditional, trained by
 * `train` with conditional flow matching and label dropout 0.1 for 200 updates of batch 32 at lr 2e-3, on whichever
 * backend is active (the tests use wasm). Batch 32 at lr 2e-3 reached the accuracy of `gen train`'s batch 64 at
 * lr 1e-3 after the same number of updates (measured at 100 and 200) for half the arithmetic.
 */
export const MNIST_RUN = { steps: 200, batchSize: 32, lr: 2e-3, labelDropout: 0.1, seed: 0 } as const;

/** Samples scored per accuracy: label i mod 10 for sample i, ten of each digit. */
const SAMPLES = 100;
const LABELS = Array.from({ length: SAMPLES }, (_, i) => i % 10);

/**
 * Trains the default class-conditional U-Net on `data` with {@link MNIST_RUN}, checking that `train` leaks nothing.
 *
 * @param data - Labelled 28×28×1 images with 10 classes.
 * @returns The trained model; the caller disposes it.
 */
export async function trainDefaultUnet(data: ImageDataset): Promise<UnetVectorField> {
  const { seed, ...settings } = MNIST_RUN;
  const model = unetVectorField({ imageShape: [28, 28, 1], classes: 10, seed });
  const { losses } = await expectNoLeaks(() =>
    train({ model, data, objective: conditionalFlowMatching(), seed, ...settings }),
  );
  expect(losses).toHaveLength(MNIST_RUN.steps);
  return model;
}

/**
 * The shipped classifier's accuracy on {@link SAMPLES} class-conditional samples of `model` with guidance weight
 * `guidance` (0: the conditional field), from fixed N(0, I) noise (seed 7) by the midpoint method in 10 steps.
 *
 * @param model - A class-conditional model with 10 classes; borrowed.
 * @param guidance - The classifier-free guidance weight w ≥ 0.
 * @returns The fraction of samples classified as the label they were drawn for (chance 0.1).
 */
export async function classifierAccuracy(model: UnetVectorField, guidance: number): Promise<number> {
  const z = randomNormal([SAMPLES, 28, 28, 1], 7);
  const field = guidedField(model, { labels: LABELS, guidance });
  const { x } = await expectNoLeaks(() => sample(field, z, { method: 'midpoint', steps: 10 }));
  const classifier = mnistClassifier();
  const predicted = await expectNoLeaks(() => tf.tidy(() => classifier.predict(x).dataSync()));
  tf.dispose([z, x]);
  classifier.dispose();
  return LABELS.filter((label, i) => predicted[i] === label).length / SAMPLES;
}

/**
 * The same images with their labels permuted (Fisher–Yates, seeded): a label says nothing about its image.
 *
 * @param data - Labelled images.
 * @returns A new dataset sharing the pixel levels.
 */
export function withShuffledLabels(data: ImageDataset): ImageDataset {
  const labels = Int32Array.from(data.labels as Int32Array);
  const rng = new Rng(100);
  for (let i = labels.length - 1; i > 0; i -= 1) {
    const j = rng.integer(i + 1);
    [labels[i], labels[j]] = [labels[j] as number, labels[i] as number];
  }
  return imageDataset(data.levels as Uint8Array, data.shape, { labels, classes: 10, name: 'mnist-shuffled-labels' });
}
