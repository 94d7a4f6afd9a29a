import { initBackend } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { toyDataset } from '@gen/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawnDataset } from '../../src/drawing.js';
import type { TrainingSettings } from '../../src/settings.js';
import { smoothedLoss, trainChunk, trainInfo } from '../../src/training.js';
import { disposeModel, smallModel } from '../support/models.js';

const SETTINGS: TrainingSettings = {
  objective: 'ot-cfm',
  width: 16,
  depth: 2,
  seed: 3,
  learningRate: 0.01,
  batchSize: 64,
  steps: 10,
  chunk: 5,
};

beforeAll(async () => {
  await initBackend('cpu');
});

describe('training in chunks', () => {
  it('gives the same losses and weights in chunks of 4 + 6 as in one chunk of 10, without leaking', async () => {
    const data = toyDataset('moons');
    const whole = smallModel();
    const chunked = smallModel();
    try {
      const one = await expectNoLeaks(() => trainChunk(whole, data, SETTINGS, 0, 10, () => false));
      const first = trainChunk(chunked, data, SETTINGS, 0, 4, () => false);
      const second = trainChunk(chunked, data, SETTINGS, 4, 6, () => false);
      expect(one.lost).toBe(false);
      expect(one.losses).toHaveLength(10);
      expect(one.losses.every(Number.isFinite)).toBe(true);
      expect([...first.losses, ...second.losses]).toEqual(one.losses);
      const a = whole.field.namedVariables;
      const b = chunked.field.namedVariables;
      for (const name of Object.keys(a)) expect(b[name]?.dataSync()).toEqual(a[name]?.dataSync());
    } finally {
      disposeModel(whole);
      disposeModel(chunked);
    }
  });

  it('lowers the OT-CFM loss on moons over 150 updates (seeded)', () => {
    const model = smallModel();
    try {
      const { losses } = trainChunk(model, toyDataset('moons'), { ...SETTINGS, batchSize: 128 }, 0, 150, () => false);
      const first = losses.slice(0, 20).reduce((x, y) => x + y) / 20;
      const last = smoothedLoss(losses);
      console.log(
        `OT-CFM on cpu: mean loss of the first 20 updates ${first.toFixed(4)}, of the last 20 ${last.toFixed(4)}`,
      );
      expect(last).toBeLessThan(0.8 * first);
    } finally {
      disposeModel(model);
    }
  });

  it('records nothing when the context is lost during the chunk', () => {
    const model = smallModel();
    try {
      expect(trainChunk(model, toyDataset('moons'), SETTINGS, 0, 3, () => true)).toEqual({ losses: [], lost: true });
    } finally {
      disposeModel(model);
    }
  });

  it('passes the data set’s error through at the first batch, without leaking', async () => {
    const model = smallModel();
    try {
      await expectNoLeaks(() => {
        expect(() => trainChunk(model, drawnDataset([[0, 0]]), SETTINGS, 0, 5, () => false)).toThrow(
          /"drawn points": expected at least 16/,
        );
      });
    } finally {
      disposeModel(model);
    }
  });

  it('shows the step, the mean of the last 20 losses and the speed', () => {
    expect(smoothedLoss([])).toBe(0);
    expect(smoothedLoss([1, 2, 3])).toBe(2);
    expect(smoothedLoss([...Array(10).fill(100), ...Array(20).fill(1)])).toBe(1);
    expect(trainInfo({ step: 0, losses: [], stepsPerSecond: 0 })).toBe('');
    expect(trainInfo({ step: 7, losses: [1], stepsPerSecond: 0 })).toBe('step 7');
    expect(trainInfo({ step: 3, losses: [0.5, 0.25, 0.75], stepsPerSecond: 12.345 })).toBe(
      'step 3 · loss 0.5000 · 12.3 steps/s',
    );
  });
});
