import { initBackend } from '@gen/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newImageModel } from '../../src/image-model.js';
import { precisionOf } from '../../src/precision.js';
import { hookView, initialState, parameterCount } from '../../src/state.js';
import { disposeModel, smallModel } from '../support/models.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('the one state and its read-only hook', () => {
  it('starts with no backend, moons, OT-CFM and no model', () => {
    const state = initialState();
    expect(state.ready).toBe(false);
    expect(state.backend).toBe('');
    expect(state.data.name).toBe('moons');
    expect(state.objective).toBe('ot-cfm');
    expect(state.model).toBeUndefined();
    expect(state.precision.adamEpsilon).toBe(1e-7);
  });

  it('shows plain values: the data name, the shown points, the model’s objective and the frames drawn', () => {
    const model = smallModel('dsm');
    try {
      const state = {
        ...initialState(),
        model,
        points: [[1, 2]],
        step: 3,
        trajectories: { frames: [[[0, 0]]], shown: 1 },
      };
      const view = hookView(state);
      expect(view).toEqual({
        ready: false,
        busy: false,
        backend: '',
        step: 3,
        losses: [],
        stepsPerSecond: 0,
        dataName: 'moons',
        data: [[1, 2]],
        bounds: { x0: -4, x1: 4, y0: -4, y1: 4 },
        samples: null,
        sampleNfe: 0,
        sampleSeconds: 0,
        density: null,
        modelObjective: 'dsm',
        trajectoryFrames: 1,
        error: null,
        status: 'Starting…',
        numTensors: 0,
        mode: 'points',
        images: {
          dataSize: 0,
          parameters: 0,
          step: 0,
          losses: [],
          stepsPerSecond: 0,
          grid: null,
          gridsDrawn: 0,
          trajectoryFrames: 0,
          trajectoryImages: 0,
        },
      });
      expect(Object.isFrozen(view)).toBe(true);
      expect(JSON.parse(JSON.stringify(view))).toEqual(view);
      expect(hookView(initialState()).modelObjective).toBeNull();
    } finally {
      disposeModel(model);
    }
  });

  it('shows the images mode as plain values: the U-Net’s size, the grid without its pixels, the trajectory’s size', () => {
    const model = newImageModel({ baseChannels: 8, seed: 0 }, precisionOf('cpu'));
    try {
      const start = initialState();
      const grid = {
        pixels: new Float32Array(20 * 784),
        labels: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
        columns: 2,
        guidance: 1.5,
        digit: 3,
        step: 7,
        nfe: 20,
        seconds: 1.25,
        accuracy: 0.45,
      };
      const trajectory = { frames: [new Float32Array(784), new Float32Array(784)], times: [1, 0], labels: [3] };
      const images = { ...start.images, model, step: 7, losses: [2, 1], grid, gridsDrawn: 4, trajectory };
      const view = hookView({ ...start, mode: 'images', images });
      const parameters = model.field.variables.reduce((sum, v) => sum + v.size, 0);
      expect(parameters).toBeGreaterThan(10_000);
      expect(parameterCount(model)).toBe(parameters);
      expect(view.mode).toBe('images');
      expect(view.images).toEqual({
        dataSize: 0,
        parameters,
        step: 7,
        losses: [2, 1],
        stepsPerSecond: 0,
        grid: { labels: grid.labels, guidance: 1.5, digit: 3, step: 7, accuracy: 0.45, nfe: 20, seconds: 1.25 },
        gridsDrawn: 4,
        trajectoryFrames: 2,
        trajectoryImages: 1,
      });
      expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    } finally {
      model.field.dispose();
      model.adam.dispose();
    }
  });
});
