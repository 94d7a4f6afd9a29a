import { initBackend } from '@gen/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hookView, initialState } from '../../src/state.js';
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
      });
      expect(Object.isFrozen(view)).toBe(true);
      expect(JSON.parse(JSON.stringify(view))).toEqual(view);
      expect(hookView(initialState()).modelObjective).toBeNull();
    } finally {
      disposeModel(model);
    }
  });
});
