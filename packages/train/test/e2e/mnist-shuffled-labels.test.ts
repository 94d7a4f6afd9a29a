import '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '@gen/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mnistDataset } from '../../src/data/index.js';
import { classifierAccuracy, MNIST_RUN, trainDefaultUnet, withShuffledLabels } from './mnist-run.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe(`the default U-Net after ${MNIST_RUN.steps} seeded updates on MNIST with shuffled labels (wasm)`, () => {
  it('draws samples the shipped classifier does not recognise as their labels, even with guidance w = 2', async () => {
    const model = await trainDefaultUnet(withShuffledLabels(await mnistDataset()));
    const guided = await classifierAccuracy(model, 2);
    model.dispose();
    console.info(`mnist e2e: classifier accuracy ${guided} (shuffled labels, w = 2); chance 0.1`);
    expect(guided).toBeLessThan(0.2);
  }, 900_000);
});
