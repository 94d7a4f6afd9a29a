import { InvalidArgumentError, initBackend, randomNormal } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { getSampler } from '@gen/sde';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newImageModel } from '../../src/image-model.js';
import {
  gridInfo,
  gridLabels,
  IMAGE_FRAMES,
  imageMethodChoices,
  imagesDataInfo,
  imageTrajectory,
  sampleImageGrid,
} from '../../src/image-sampling.js';
import type { ImageSamplingSettings } from '../../src/image-settings.js';
import { precisionOf } from '../../src/precision.js';
import type { TrainedImageModel } from '../../src/state.js';

const PIXELS = 28 * 28;
/** One Euler step, one image per row: the least work a grid can be on the cpu backend. */
const SETTINGS: ImageSamplingSettings = { method: 'euler', steps: 1, columns: 1, seed: 4, guidance: 2, digit: 'all' };

let model: TrainedImageModel;

beforeAll(async () => {
  await initBackend('cpu');
  model = newImageModel({ baseChannels: 8, seed: 0 }, precisionOf('cpu'));
});

afterAll(() => {
  model.field.dispose();
  model.adam.dispose();
});

describe('the images mode’s samples', () => {
  it('labels a grid row by row: one row per class, or the chosen digit everywhere', () => {
    expect(gridLabels('all', 2)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
    expect(gridLabels(3, 2)).toEqual(Array(20).fill(3));
    expect(gridLabels('all', 1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('offers the fixed-step ODE methods of the sampler table only', () => {
    const names = imageMethodChoices().map((c) => c.value);
    expect(names).toContain('euler');
    expect(names).toContain('rk4');
    for (const name of names) {
      expect(getSampler(name, 'method').adaptive).toBe(false);
      expect(getSampler(name, 'method').needsDiffusion).toBe(false);
    }
  });

  it('draws 10·columns guided images of 28×28 with their labels, scored in [0, 1], reproducibly and without leaking', async () => {
    const grid = await expectNoLeaks(() => sampleImageGrid(model, SETTINGS, 7));
    expect(grid.pixels).toHaveLength(10 * PIXELS);
    expect(grid.labels).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(grid).toMatchObject({ columns: 1, guidance: 2, digit: 'all', step: 7, nfe: 1 });
    expect(grid.pixels.every(Number.isFinite)).toBe(true);
    expect(grid.accuracy).toBeGreaterThanOrEqual(0);
    expect(grid.accuracy).toBeLessThanOrEqual(1);
    expect(Math.round(grid.accuracy * 10)).toBeCloseTo(grid.accuracy * 10, 9);
    const again = await sampleImageGrid(model, SETTINGS, 7);
    expect(again.pixels).toEqual(grid.pixels);
    expect(gridInfo(grid)).toMatch(
      /^10 images · w = 2 · NFE 1 · [\d.]+ s · classifier accuracy [\d.]+% \(chance 10%\)$/,
    );
  });

  it('draws every image of one digit for a picked class; guidance changes the images', async () => {
    const three = await sampleImageGrid(model, { ...SETTINGS, digit: 3, guidance: 0 }, 0);
    expect(three.labels).toEqual(Array(10).fill(3));
    const guided = await sampleImageGrid(model, { ...SETTINGS, digit: 3, guidance: 4 }, 0);
    expect(guided.pixels).not.toEqual(three.pixels);
  });

  it('refuses an adaptive method (it takes tolerances, not steps), naming it, without leaking', async () => {
    await expectNoLeaks(async () => {
      await expect(sampleImageGrid(model, { ...SETTINGS, method: 'dopri5' }, 0)).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      await expect(sampleImageGrid(model, { ...SETTINGS, method: 'nope' }, 0)).rejects.toThrow(/method/);
    });
  });

  it('moves one image from its noise (frame 1, t = 1) to t = 0 in IMAGE_FRAMES frames, without leaking', async () => {
    const settings = { ...SETTINGS, digit: 5, steps: IMAGE_FRAMES - 1 };
    const trajectory = await expectNoLeaks(() => imageTrajectory(model, settings));
    expect(trajectory.frames).toHaveLength(IMAGE_FRAMES);
    expect(trajectory.labels).toEqual([5]);
    expect(trajectory.times[0]).toBe(1);
    expect(trajectory.times[IMAGE_FRAMES - 1]).toBe(0);
    for (const frame of trajectory.frames) expect(frame).toHaveLength(PIXELS);
    const z = randomNormal([1, 28, 28, 1], settings.seed);
    try {
      expect(trajectory.frames[0]).toEqual(z.dataSync());
    } finally {
      z.dispose();
    }
    expect(trajectory.frames[IMAGE_FRAMES - 1]).not.toEqual(trajectory.frames[0]);
  });

  it('says what the data and the model are', () => {
    expect(imagesDataInfo({ data: undefined, model: undefined })).toBe('');
  });
});
