import { initBackend } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { Adam, imageDataset, type UnetVectorField, unetVectorField } from '@gen/train';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_OBJECTIVE } from '../../src/image-model.js';
import { type ChunkModel, trainChunk } from '../../src/training.js';

/** 12 labelled 8×8 images of 3 classes: small enough for the cpu backend. */
const DATA = imageDataset(
  Uint8Array.from({ length: 12 * 64 }, (_, i) => (i * 37) % 256),
  [8, 8, 1],
  { labels: [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2] },
);

const SETTINGS = { batchSize: 6, seed: 5, learningRate: 0.003, labelDropout: 0.2 };

/** A class-conditional U-Net (3 classes) on 8×8 images, with its Adam, as the images mode builds one. */
function smallUnet(): ChunkModel & { field: UnetVectorField } {
  const field = unetVectorField({
    imageShape: [8, 8, 1],
    classes: 3,
    baseChannels: 8,
    channelMultipliers: [1, 2],
    attentionResolutions: [],
    seed: 1,
  });
  return { field, adam: new Adam(field.variables, { epsilon: 1e-7 }), objective: IMAGE_OBJECTIVE };
}

const models: (ChunkModel & { field: UnetVectorField })[] = [];
function model(): ChunkModel & { field: UnetVectorField } {
  const m = smallUnet();
  models.push(m);
  return m;
}

beforeAll(async () => {
  await initBackend('cpu');
});

afterAll(() => {
  for (const m of models) {
    m.field.dispose();
    m.adam.dispose();
  }
});

describe('training a class-conditional U-Net in chunks', () => {
  it('gives the same losses and weights in chunks of 2 + 3 as in one of 5, with label dropout, without leaking', async () => {
    const whole = model();
    const chunked = model();
    const one = await expectNoLeaks(() => trainChunk(whole, DATA, SETTINGS, 0, 5, () => false));
    const first = trainChunk(chunked, DATA, SETTINGS, 0, 2, () => false);
    const second = trainChunk(chunked, DATA, SETTINGS, 2, 3, () => false);
    expect(one.lost).toBe(false);
    expect(one.losses).toHaveLength(5);
    expect(one.losses.every(Number.isFinite)).toBe(true);
    expect([...first.losses, ...second.losses]).toEqual(one.losses);
    for (const [name, variable] of Object.entries(whole.field.namedVariables))
      expect(chunked.field.namedVariables[name]?.dataSync()).toEqual(variable.dataSync());
  });

  it('uses the label dropout: another probability gives other losses from the same seeds', () => {
    const a = trainChunk(model(), DATA, { ...SETTINGS, labelDropout: 0 }, 0, 2, () => false);
    const b = trainChunk(model(), DATA, { ...SETTINGS, labelDropout: 0.9 }, 0, 2, () => false);
    expect(a.losses[0]).not.toBe(b.losses[0]);
  });

  it('passes trainStep’s InvalidArgumentError for a label dropout of 1 through, without leaking', async () => {
    const m = model();
    await expectNoLeaks(() => {
      expect(() => trainChunk(m, DATA, { ...SETTINGS, labelDropout: 1 }, 0, 1, () => false)).toThrow(
        /options\.labelDropout/,
      );
    });
  });
});
