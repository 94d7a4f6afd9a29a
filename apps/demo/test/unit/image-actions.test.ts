import { imageDataset } from '@gen/train';
import { describe, expect, it } from 'vitest';
import {
  enterImagesMode,
  gridChanges,
  trajectoryChanges,
  withImages,
  withoutImageModel,
} from '../../src/image-actions.js';
import { type ImageGridSamples, initialState } from '../../src/state.js';

const DIGITS = imageDataset(new Uint8Array(2 * 784), [28, 28, 1], { name: 'two', labels: [0, 1], classes: 10 });

const GRID: ImageGridSamples = {
  pixels: new Float32Array(10 * 784),
  labels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  columns: 1,
  guidance: 2,
  digit: 'all',
  step: 50,
  nfe: 20,
  seconds: 1,
  accuracy: 0.7,
};

describe('the images mode’s actions', () => {
  it('merges changes into the images part of the state, leaving the rest', () => {
    const state = initialState();
    const { images } = withImages(state, { step: 5, losses: [1] });
    expect(images).toEqual({ ...state.images, step: 5, losses: [1] });
    expect(state.images.step).toBe(0);
  });

  it('drops the model, its record, grid and trajectory, and keeps the data and the grid count', () => {
    const state = { ...initialState(), images: { ...initialState().images, step: 9, grid: GRID, gridsDrawn: 3 } };
    const { images } = withImages(state, withoutImageModel());
    expect(images).toMatchObject({
      model: undefined,
      step: 0,
      losses: [],
      grid: null,
      trajectory: null,
      gridsDrawn: 3,
    });
  });

  it('loads the data set on first entry only, and switches the mode', async () => {
    let loads = 0;
    const load = async () => {
      loads += 1;
      return DIGITS;
    };
    const first = await enterImagesMode({ ...initialState(), backend: 'wasm' }, load);
    expect(first.mode).toBe('images');
    expect(first.images?.data).toBe(DIGITS);
    expect(first.status).toMatch(/^Images mode on wasm: 2 MNIST digits\./);
    const again = await enterImagesMode({ ...initialState(), ...first, backend: 'wasm' }, load);
    expect(again.images?.data).toBe(DIGITS);
    expect(loads).toBe(1);
  });

  it('keeps a new grid, counts it, and says what the classifier recognises', () => {
    const changes = gridChanges(initialState(), GRID);
    expect(changes.images?.grid).toBe(GRID);
    expect(changes.images?.gridsDrawn).toBe(1);
    expect(changes.status).toBe(
      'Sampled 10 digits at update 50 (w = 2): the classifier recognises 70.0% (chance 10%).',
    );
  });

  it('keeps a trajectory and names its digit', () => {
    const one = { frames: [new Float32Array(784)], times: [1], labels: [4] };
    expect(trajectoryChanges(initialState(), one).status).toBe('Trajectory of a 4 from noise to digit: 1 frames.');
    const all = { ...one, labels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] };
    expect(trajectoryChanges(initialState(), all).images?.trajectory).toBe(all);
  });
});
