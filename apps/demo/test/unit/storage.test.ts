import { initBackend } from '@gen/core';
import { modelToSafetensors, saveMlpVectorField, toyDataset } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { precisionOf } from '../../src/precision.js';
import {
  installModel,
  loadSafetensors,
  loadTrainedModel,
  pickModelFiles,
  saveTrainedModel,
  savingObjective,
} from '../../src/storage.js';
import { disposeModel, smallModel } from '../support/models.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Saves into memory; returns the artifacts. */
async function saveToMemory(save: (handler: tf.io.IOHandler) => Promise<unknown>): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved as tf.io.ModelArtifacts;
}

/** Every named variable's values. */
function weightsOf(model: { namedVariables: Record<string, tf.Variable> }): Record<string, number[]> {
  return Object.fromEntries(Object.entries(model.namedVariables).map(([n, v]) => [n, Array.from(v.dataSync())]));
}

describe('saving and loading the model', () => {
  it('saves the objective with the model and reads both back', async () => {
    const model = smallModel('dsm', 9);
    try {
      const artifacts = await saveToMemory((handler) => saveTrainedModel(model, handler));
      expect(artifacts.userDefinedMetadata?.objective).toBe('dsm');
      const loaded = await loadTrainedModel(tf.io.fromMemory(artifacts));
      expect(loaded.objective).toBe('dsm');
      expect(weightsOf(loaded.field)).toEqual(weightsOf(model.field));
      loaded.field.dispose();
    } finally {
      disposeModel(model);
    }
  });

  it('reads models saved without an objective as OT-CFM, and the former names', async () => {
    const model = smallModel();
    try {
      const plain = await saveToMemory((handler) => saveMlpVectorField(model.field, handler));
      const none = await loadTrainedModel(tf.io.fromMemory(plain));
      expect(none.objective).toBe('ot-cfm');
      none.field.dispose();
      for (const [former, name] of [
        ['ml', 'likelihood'],
        ['vp-dsm', 'dsm'],
      ] as const) {
        const old = await saveToMemory((handler) =>
          saveMlpVectorField(model.field, savingObjective(handler, former as never)),
        );
        const loaded = await loadTrainedModel(tf.io.fromMemory(old));
        expect(loaded.objective).toBe(name);
        loaded.field.dispose();
      }
      const unknown = await saveToMemory((handler) =>
        saveMlpVectorField(model.field, savingObjective(handler, 'gan' as never)),
      );
      const before = tf.memory().numTensors;
      await expect(loadTrainedModel(tf.io.fromMemory(unknown))).rejects.toThrow(
        'The saved model has an unknown objective "gan".',
      );
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      disposeModel(model);
    }
  });

  it('loads a .safetensors file with the selected objective', async () => {
    const model = smallModel('ot-cfm', 4);
    try {
      const bytes = await modelToSafetensors(model.field);
      const loaded = await loadSafetensors(new Blob([bytes as Uint8Array<ArrayBuffer>]), 'sb-cfm');
      expect(loaded.objective).toBe('sb-cfm');
      expect(weightsOf(loaded.field)).toEqual(weightsOf(model.field));
      loaded.field.dispose();
    } finally {
      disposeModel(model);
    }
  });

  it('picks a .safetensors file, or both files of a download, and says what is missing', () => {
    const named = (...names: string[]) => names.map((name) => ({ name }));
    expect(pickModelFiles(named('a.json', 'b.SAFETENSORS'))).toEqual({
      kind: 'safetensors',
      file: { name: 'b.SAFETENSORS' },
    });
    expect(pickModelFiles(named('gen-demo.weights.bin', 'gen-demo.json'))).toEqual({
      kind: 'tfjs',
      json: { name: 'gen-demo.json' },
      weights: [{ name: 'gen-demo.weights.bin' }],
    });
    for (const files of [named('gen-demo.json'), named('gen-demo.weights.bin'), []]) {
      expect(() => pickModelFiles(files)).toThrow(
        'Pick both files of a downloaded model: gen-demo.json and gen-demo.weights.bin.',
      );
    }
  });

  it('installs a model of the data’s dimension with a new Adam and a snapshot, and refuses another D', () => {
    const data = toyDataset('moons');
    const loaded = smallModel('likelihood');
    loaded.adam.dispose();
    const changes = installModel({ data }, loaded, 'memory', ' (note)', precisionOf('cpu'), () => false);
    expect(changes.model?.field).toBe(loaded.field);
    expect(changes.model?.objective).toBe('likelihood');
    expect(changes.objective).toBe('likelihood');
    expect(changes.step).toBe(0);
    expect(changes.snapshot?.step).toBe(0);
    expect(changes.status).toBe('Loaded the model (likelihood) from memory (hidden [16, 16]). (note)');
    disposeModel(changes.model as NonNullable<typeof changes.model>);

    const wide = smallModel();
    wide.adam.dispose();
    const before = tf.memory().numTensors;
    const threeD = { ...data, dim: 3 };
    expect(() => installModel({ data: threeD }, wide, 'x.safetensors', '', precisionOf('cpu'), () => false)).toThrow(
      'The model in x.safetensors has D = 2 but the data have D = 3.',
    );
    expect(wide.field.variables[0]?.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBeLessThan(before);
  });
});
