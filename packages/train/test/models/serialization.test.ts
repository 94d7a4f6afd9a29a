import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, randomNormal, randomUniform } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadMlpVectorField,
  type MlpVectorField,
  type MlpVectorFieldOptions,
  mlpVectorField,
  saveMlpVectorField,
} from '../../src/models/index.js';
import { fmLoss, take } from '../support/mlp-field.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('save and load', () => {
  const options: MlpVectorFieldOptions = {
    dim: 3,
    hidden: [10, 7],
    activation: 'elu',
    timeEmbedding: 'fourier',
    fourierFeatures: 3,
    spectralNorm: true,
    seed: 21,
  };
  let directory = '';
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'gen-models-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  /** A model whose weights moved away from their initial values by two Adam steps. */
  function trainedModel(): MlpVectorField {
    const model = mlpVectorField(options);
    const optimizer = tf.train.adam(1e-2);
    const [t, x, target] = [randomUniform([16], 1), randomNormal([16, 3], 2), randomNormal([16, 3], 3)];
    for (let i = 0; i < 2; i += 1) optimizer.minimize(() => fmLoss(model, t, x, target), false, [...model.variables]);
    tf.dispose([t, x, target]);
    optimizer.dispose();
    return model;
  }

  async function expectSameModel(a: MlpVectorField, b: MlpVectorField): Promise<void> {
    expect(b.config).toEqual(a.config);
    const x = randomNormal([9, 3], 8);
    expect(take(b(0.35, x))).toEqual(take(a(0.35, x)));
    expect(take(b.divergence(0.35, x))).toEqual(take(a.divergence(0.35, x)));
    for (const [name, variable] of Object.entries(a.namedVariables)) {
      expect((b.namedVariables[name] as tf.Variable).dataSync()).toEqual(variable.dataSync());
      expect((b.namedVariables[name] as tf.Variable).trainable).toBe(variable.trainable);
    }
    x.dispose();
  }

  it('round-trips bit-identically through tf.io.withSaveHandler and tf.io.fromMemory', async () => {
    const model = trainedModel();
    let artifacts: tf.io.ModelArtifacts | undefined;
    const result = await expectNoLeaks(() =>
      saveMlpVectorField(
        model,
        tf.io.withSaveHandler(async (a) => {
          artifacts = a;
          return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
        }),
      ),
    );
    expect(result.modelArtifactsInfo.weightDataBytes).toBeGreaterThan(0);
    expect(artifacts?.format).toBe('gen-mlp-vector-field');
    expect(artifacts?.userDefinedMetadata?.config).toEqual(model.config);
    const loaded = await loadMlpVectorField(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
    await expectSameModel(model, loaded);
    model.dispose();
    loaded.dispose();
  });

  it('writes model.json (config in userDefinedMetadata) and weights.bin to a file:// directory and reloads them', async () => {
    const model = trainedModel();
    const target = join(directory, 'flow');
    await saveMlpVectorField(model, `file://${target}`);
    await saveMlpVectorField(model, `file://${target}`); // overwriting leaves no temporary files either
    expect(readdirSync(target).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(readFileSync(join(target, 'model.json'), 'utf8'));
    expect(json.userDefinedMetadata.config).toEqual(model.config);
    expect(json.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: expect.any(Array) }]);
    expect(readFileSync(join(target, 'weights.bin')).byteLength).toBe(
      Object.values(model.namedVariables).reduce((sum, v) => sum + 4 * v.size, 0),
    );
    for (const url of [`file://${target}`, `file://${join(target, 'model.json')}`]) {
      const loaded = await loadMlpVectorField(url);
      await expectSameModel(model, loaded);
      loaded.dispose();
    }
    model.dispose();
  });

  it('save and load leak nothing; the loaded model frees everything on dispose', async () => {
    const model = mlpVectorField(options);
    const target = join(directory, 'leaks');
    await expectNoLeaks(() => saveMlpVectorField(model, `file://${target}`));
    const x = randomNormal([2, 3], 1);
    const u = await expectNoLeaks(async () => {
      const loaded = await loadMlpVectorField(`file://${target}`);
      const value = loaded(0.5, x);
      loaded.dispose();
      return value;
    });
    tf.dispose([x, u]);
    model.dispose();
  });

  it('rejects foreign artifacts, invalid stored configs, missing or misshapen weights, and bad handlers', async () => {
    const model = mlpVectorField({ dim: 2, hidden: [4] });
    let artifacts = {} as tf.io.ModelArtifacts;
    await saveMlpVectorField(
      model,
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
      }),
    );
    const rejects = (promise: Promise<unknown>, kind: string, parameter: string) =>
      expect(promise).rejects.toMatchObject({ name: kind, parameter });
    const config = artifacts.userDefinedMetadata?.config as object;
    const specs = artifacts.weightSpecs ?? [];
    await rejects(
      loadMlpVectorField(tf.io.fromMemory({ ...artifacts, format: 'layers-model' })),
      'InvalidArgumentError',
      'handlerOrUrl',
    );
    await rejects(
      loadMlpVectorField(tf.io.fromMemory({ ...artifacts, userDefinedMetadata: { config: { ...config, dim: 0 } } })),
      'InvalidArgumentError',
      'userDefinedMetadata.config.dim',
    );
    await rejects(
      loadMlpVectorField(
        tf.io.fromMemory({ ...artifacts, userDefinedMetadata: { config: { ...config, hidden: [5] } } }),
      ),
      'ShapeError',
      'weights["dense_0/kernel"]',
    );
    await rejects(
      loadMlpVectorField(
        tf.io.fromMemory({
          ...artifacts,
          weightSpecs: specs.slice(0, 3),
          // The data of those three specs only (more bytes than the specs describe is refused first).
          weightData: (artifacts.weightData as ArrayBuffer).slice(
            0,
            specs.slice(0, 3).reduce((sum, s) => sum + 4 * s.shape.reduce((n, d) => n * d, 1), 0),
          ),
        }),
      ),
      'InvalidArgumentError',
      'weights["dense_1/bias"]',
    );
    await rejects(saveMlpVectorField(model, 'nowhere://model'), 'InvalidArgumentError', 'handlerOrUrl');
    await rejects(saveMlpVectorField(model, {}), 'InvalidArgumentError', 'handlerOrUrl');
    await rejects(
      loadMlpVectorField(tf.io.withSaveHandler(async () => ({}) as tf.io.SaveResult)),
      'InvalidArgumentError',
      'handlerOrUrl',
    );
    await rejects(
      saveMlpVectorField((() => tf.zeros([1])) as unknown as MlpVectorField, 'file:///tmp/x'),
      'InvalidArgumentError',
      'model',
    );
    await rejects(loadMlpVectorField(`file://${join(directory, 'missing')}`), 'InvalidArgumentError', 'path');
    await expect(loadMlpVectorField(`file://${join(directory, 'missing')}`)).rejects.toThrow(/ENOENT/);
    model.dispose();
  });
});
