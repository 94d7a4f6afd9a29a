import { initBackend } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { toyDataset } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { precisionOf } from '../../src/precision.js';
import type { TrainingSettings } from '../../src/settings.js';
import { restoreSnapshot, takeSnapshot } from '../../src/snapshot.js';
import { trainChunk } from '../../src/training.js';
import { disposeModel, smallModel } from '../support/models.js';

const SETTINGS: TrainingSettings = {
  objective: 'ot-cfm',
  width: 16,
  depth: 2,
  seed: 5,
  learningRate: 0.01,
  batchSize: 32,
  steps: 6,
  chunk: 6,
};

beforeAll(async () => {
  await initBackend('cpu');
});

describe('host snapshots of the model and its Adam state', () => {
  it('restores a model that trains on exactly as the original does', async () => {
    const data = toyDataset('rings');
    const original = smallModel('cfm', 1);
    const first = trainChunk(original, data, SETTINGS, 0, 6, () => false);
    const snapshot = await expectNoLeaks(() => takeSnapshot(original, { step: 6, losses: first.losses }, () => false));
    expect(snapshot?.step).toBe(6);
    expect(snapshot?.objective).toBe('cfm');
    expect(snapshot?.adam.step).toBe(6);
    const restored = restoreSnapshot(snapshot as NonNullable<typeof snapshot>, precisionOf('cpu'));
    const copy = restored.model as NonNullable<typeof restored.model>;
    try {
      expect(restored.step).toBe(6);
      expect(restored.losses).toEqual(first.losses);
      expect(copy.objective).toBe('cfm');
      const next = trainChunk(original, data, SETTINGS, 6, 4, () => false);
      const nextOfCopy = trainChunk(copy, data, SETTINGS, 6, 4, () => false);
      expect(nextOfCopy.losses).toEqual(next.losses);
    } finally {
      disposeModel(original);
      disposeModel(copy);
    }
  });

  it('copies nothing when the context is lost, before or during the copy', () => {
    const model = smallModel();
    try {
      expect(takeSnapshot(model, { step: 0, losses: [] }, () => true)).toBeUndefined();
      let calls = 0;
      expect(takeSnapshot(model, { step: 0, losses: [] }, () => ++calls > 1)).toBeUndefined();
      expect(calls).toBe(2);
    } finally {
      disposeModel(model);
    }
  });

  it('leaves no tensor behind when a snapshot does not fit the model', async () => {
    const model = smallModel();
    const snapshot = takeSnapshot(model, { step: 0, losses: [] }, () => false);
    disposeModel(model);
    const broken = {
      ...(snapshot as NonNullable<typeof snapshot>),
      adam: { step: 1, m: [new Float32Array(3)], v: [] },
    };
    const before = tf.memory().numTensors;
    expect(() => restoreSnapshot(broken, precisionOf('cpu'))).toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});
