import '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '@gen/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mnistDataset } from '../../src/data/index.js';
import { classifierAccuracy, MNIST_RUN, trainDefaultUnet } from './mnist-run.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe(`the default U-Net after ${MNIST_RUN.steps} seeded updates on MNIST (wasm)`, () => {
  it('draws class-conditional samples the shipped classifier recognises far above chance, more so with guidance w = 2', async () => {
    const model = await trainDefaultUnet(await mnistDataset());
    const unguided = await classifierAccuracy(model, 0);
    const guided = await classifierAccuracy(model, 2);
    model.dispose();
    console.info(`mnist e2e: classifier accuracy ${unguided} (w = 0), ${guided} (w = 2); chance 0.1`);
    expect(unguided).toBeGreaterThan(0.25);
    expect(guided).toBeGreaterThan(0.6);
    expect(guided - unguided).toBeGreaterThan(0.2);
  }, 900_000);
});
