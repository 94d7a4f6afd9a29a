import { initBackend } from '@gen/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { precisionOf } from '../../src/precision.js';
import { contextLostError, recoveredState } from '../../src/recovery.js';
import { takeSnapshot } from '../../src/snapshot.js';
import { disposeModel, smallModel } from '../support/models.js';

const WASM = { backend: 'wasm', precision: precisionOf('wasm') };

beforeAll(async () => {
  await initBackend('cpu');
});

describe('recovering from a lost WebGL context', () => {
  it('says training stops and where the demo moves', () => {
    const error = contextLostError('wasm');
    expect(error.name).toBe('BackendUnavailableError');
    expect(error.message).toMatch(/its WebGL context was lost .*Training stops; moving to wasm…$/);
  });

  it('rebuilds the model of the last snapshot and names the updates dropped', () => {
    const model = smallModel('ot-cfm', 3);
    const snapshot = takeSnapshot(model, { step: 40, losses: Array(40).fill(0.5) }, () => false);
    const changes = recoveredState(snapshot, 47, WASM);
    try {
      expect(changes.backend).toBe('wasm');
      expect(changes.step).toBe(40);
      expect(changes.losses).toHaveLength(40);
      expect(changes.stepsPerSecond).toBe(0);
      expect(changes.model?.field.variables[0]?.dataSync()).toEqual(model.field.variables[0]?.dataSync());
      expect(changes.error).toBe(changes.status);
      expect(changes.error).toMatch(
        /moved to wasm: the model and its Adam state were kept as of update 40 \(updates 41–47 ran on the lost context and were dropped\)\./,
      );
    } finally {
      disposeModel(model);
      disposeModel(changes.model as NonNullable<typeof changes.model>);
    }
  });

  it('says what was lost without a snapshot', () => {
    const trained = recoveredState(undefined, 12, WASM);
    expect(trained.model).toBeUndefined();
    expect(trained.step).toBe(0);
    expect(trained.error).toMatch(/moved to wasm: the model weights were lost \(none had been read back yet\)/);
    expect(recoveredState(undefined, 0, WASM).error).toMatch(/moved to wasm: there was no model to keep\./);
  });
});
