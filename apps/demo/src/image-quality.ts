import { InvalidArgumentError } from '@gen/core';
import { mnistClassifier } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { MNIST_SHAPE } from './image-model';

/**
 * The fraction of images that the shipped MNIST classifier (`mnistClassifier()`, 97.1 % on held-out digits) assigns
 * to the label they were drawn for: the page's quality readout of class-conditional samples (chance: 0.1).
 *
 * @remarks
 * The classifier is decoded from its shipped weights for the call and disposed after it (about 0.1 MB), so the state
 * keeps no tensors of it. One forward pass of N images.
 *
 * @param pixels - N·28·28 values in [−1, 1] (NHWC, row-major, as the sample grid holds them).
 * @param labels - The N labels the images were drawn for.
 * @returns The accuracy in [0, 1].
 * @throws `InvalidArgumentError` naming `labels` when there are not N = pixels.length / 784 ≥ 1 of them.
 * @example
 * ```ts
 * classifierAccuracy(grid.pixels, grid.labels); // e.g. 0.83
 * ```
 */
export async function classifierAccuracy(pixels: Float32Array, labels: readonly number[]): Promise<number> {
  const n = labels.length;
  const dim = MNIST_SHAPE[0] * MNIST_SHAPE[1] * MNIST_SHAPE[2];
  if (n < 1 || pixels.length !== n * dim)
    throw new InvalidArgumentError('labels', `one label per image (${pixels.length / dim} images)`, n);
  const classifier = mnistClassifier();
  try {
    const predicted = tf.tidy(() => classifier.predict(tf.tensor(pixels, [n, ...MNIST_SHAPE], 'float32')));
    let values: ArrayLike<number>;
    try {
      values = await predicted.data();
    } finally {
      predicted.dispose();
    }
    return labels.filter((label, i) => values[i] === label).length / n;
  } finally {
    classifier.dispose();
  }
}
