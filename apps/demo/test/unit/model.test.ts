import { initBackend } from '@gen/core';
import { toyDataset } from '@gen/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDiffusion, newModel, objectiveChanged, refitAdam, samplingObjective } from '../../src/model.js';
import { precisionOf } from '../../src/precision.js';
import { initialState } from '../../src/state.js';
import { trainChunk } from '../../src/training.js';
import { disposeModel, smallModel } from '../support/models.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('the model and its objective', () => {
  it('builds width × depth hidden layers from the settings, seeded', () => {
    const a = newModel({ objective: 'cfm', width: 8, depth: 3, seed: 2 }, 2, precisionOf('cpu'));
    const b = newModel({ objective: 'cfm', width: 8, depth: 3, seed: 2 }, 2, precisionOf('cpu'));
    try {
      expect(a.field.config.hidden).toEqual([8, 8, 8]);
      expect(a.field.config.dim).toBe(2);
      expect(a.objective).toBe('cfm');
      expect(a.field.variables[0]?.dataSync()).toEqual(b.field.variables[0]?.dataSync());
    } finally {
      disposeModel(a);
      disposeModel(b);
    }
  });

  it('drops the model when the objective changes kind, keeps it otherwise', () => {
    const model = smallModel('ot-cfm');
    try {
      const state = { ...initialState(), model, step: 12, losses: [1] };
      expect(objectiveChanged(state, 'rectified-flow')).toEqual({ objective: 'rectified-flow' });
      const changes = objectiveChanged(state, 'dsm');
      expect(changes.model).toBeUndefined();
      expect('model' in changes).toBe(true);
      expect(changes.step).toBe(0);
      expect(changes.status).toBe('New model: a score (ε-prediction) model is created at the next Train.');
      expect(objectiveChanged({ ...state, model: undefined }, 'dsm')).toEqual({ objective: 'dsm' });
      expect(isDiffusion('dsm')).toBe(true);
      expect(isDiffusion('likelihood')).toBe(false);
      expect(samplingObjective(state)).toBe('ot-cfm');
      expect(samplingObjective({ model: undefined, objective: 'dsm' })).toBe('dsm');
    } finally {
      disposeModel(model);
    }
  });

  it("refits Adam to a backend's ε keeping its step and moments", () => {
    const model = smallModel();
    trainChunk(model, toyDataset('moons'), initialSettings(), 0, 3, () => false);
    const refitted = refitAdam(model, { ...precisionOf('cpu'), adamEpsilon: 1e-4 });
    try {
      expect(refitted.field).toBe(model.field);
      expect(refitted.adam).not.toBe(model.adam);
      const [before, after] = [model.adam.getState(), refitted.adam.getState()];
      expect(after.step).toBe(3);
      expect(after.m).toEqual(before.m);
      expect(after.v).toEqual(before.v);
    } finally {
      model.adam.dispose();
      disposeModel(refitted);
    }
  });
});

function initialSettings() {
  return {
    objective: 'ot-cfm' as const,
    width: 16,
    depth: 2,
    seed: 0,
    learningRate: 0.01,
    batchSize: 32,
    steps: 1,
    chunk: 1,
  };
}
