import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, initBackend } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMlpVectorField, mlpVectorField, saveMlpVectorField } from '../src/models/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** What loading rejected with, checked to be a typed error that leaked no tensor. */
async function loadError(source: string | tf.io.IOHandler): Promise<InvalidArgumentError> {
  const error = await expectNoLeaks(() =>
    loadMlpVectorField(source).then(
      (model) => {
        model.dispose();
        return undefined;
      },
      (e: unknown) => e,
    ),
  );
  if (!InvalidArgumentError.isInstance(error)) throw new Error(`expected an InvalidArgumentError, got ${error}`);
  expect(error.message.length).toBeLessThan(600);
  return error;
}

describe('loading a damaged model folder (issue 12)', () => {
  let root = '';
  let good = '';
  let artifacts = {} as tf.io.ModelArtifacts;
  let caseCounter = 0;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gen-model-files-'));
    good = join(root, 'good');
    const model = mlpVectorField({ dim: 2, hidden: [4], seed: 3 });
    await saveMlpVectorField(model, `file://${good}`);
    await saveMlpVectorField(
      model,
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
      }),
    );
    model.dispose();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A copy of the good folder, changed by `edit`. */
  function damaged(edit: (dir: string, json: Record<string, unknown>) => unknown): string {
    caseCounter += 1;
    const dir = join(root, `case-${caseCounter}`);
    cpSync(good, dir, { recursive: true });
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const replaced = edit(dir, json);
    if (replaced !== false) writeFileSync(join(dir, 'model.json'), JSON.stringify(replaced ?? json));
    return dir;
  }
  const manifest = (json: Record<string, unknown>) =>
    (json.weightsManifest as { paths: unknown[]; weights: Record<string, unknown>[] }[])[0] as {
      paths: unknown[];
      weights: Record<string, unknown>[];
    };

  it('turns a missing folder or file into an error naming the path', async () => {
    const missing = join(root, 'nowhere', 'model');
    const error = await loadError(`file://${missing}`);
    expect(error.parameter).toBe('path');
    expect(error.message).toContain(join(missing, 'model.json'));
    expect(error.message).toContain('ENOENT');
    const noWeights = damaged((dir) => {
      rmSync(join(dir, 'weights.bin'));
      return false;
    });
    const weightsError = await loadError(`file://${noWeights}`);
    expect(weightsError.parameter).toBe('path');
    expect(weightsError.message).toContain(join(noWeights, 'weights.bin'));
  });

  it('refuses a model.json that is not JSON or not a manifest', async () => {
    const cases: [(dir: string, json: Record<string, unknown>) => unknown, RegExp][] = [
      [(dir) => writeFileSync(join(dir, 'model.json'), '{"format": "gen-mlp'), /JSON/],
      [() => [1, 2], /a JSON object/],
      [(_, json) => ({ ...json, weightsManifest: 'weights.bin' }), /weightsManifest/],
      [(_, json) => ({ ...json, weightsManifest: [{ paths: 'weights.bin', weights: [] }] }), /paths/],
      [(_, json) => ({ ...json, weightsManifest: [{ paths: ['weights.bin'], weights: {} }] }), /weights/],
      [(_, json) => ({ ...json, weightsManifest: [null] }), /weightsManifest/],
      [(_, json) => ({ ...json, weightsManifest: [{ paths: [7], weights: [] }] }), /paths/],
    ];
    for (const [edit, message] of cases) {
      const dir = damaged((d, json) => {
        const result = edit(d, json);
        return result === undefined ? false : result;
      });
      const error = await loadError(`file://${dir}`);
      expect(error.parameter).toBe('path');
      expect(error.message).toMatch(message);
      expect(error.message).toContain(join(dir, 'model.json'));
    }
  });

  it('keeps weight files inside the model folder (../, absolute paths, symlinks)', async () => {
    writeFileSync(join(root, 'outside.bin'), readFileSync(join(good, 'weights.bin')));
    const escapes = [
      damaged((_, json) => {
        manifest(json).paths = ['../outside.bin'];
      }),
      damaged((_, json) => {
        manifest(json).paths = [join(root, 'outside.bin')];
      }),
      damaged((dir) => {
        rmSync(join(dir, 'weights.bin'));
        symlinkSync(join(root, 'outside.bin'), join(dir, 'weights.bin'));
        return false;
      }),
      damaged((_, json) => {
        manifest(json).paths = ['weights.bin\u0000'];
      }),
    ];
    for (const dir of escapes) {
      const error = await loadError(`file://${dir}`);
      expect(error.parameter).toBe('path');
      expect(error.message).toMatch(/inside the model folder/);
    }
    const nested = damaged((dir) => {
      mkdirSync(join(dir, 'shards'));
      cpSync(join(dir, 'weights.bin'), join(dir, 'shards', 'w.bin'));
      rmSync(join(dir, 'weights.bin'));
    });
    writeFileSync(
      join(nested, 'model.json'),
      readFileSync(join(nested, 'model.json'), 'utf8').replace('"weights.bin"', '"shards/w.bin"'),
    );
    const model = await loadMlpVectorField(`file://${nested}`);
    model.dispose();
  });

  it('refuses truncated weights and bytes after the last weight', async () => {
    const size = readFileSync(join(good, 'weights.bin')).byteLength;
    for (const length of [0, 3, size - 4, size + 4, size + 1]) {
      const dir = damaged((d) => {
        const bytes = new Uint8Array(length);
        bytes.set(readFileSync(join(d, 'weights.bin')).subarray(0, Math.min(length, size)));
        writeFileSync(join(d, 'weights.bin'), bytes);
        return false;
      });
      const error = await loadError(`file://${dir}`);
      expect(error.parameter).toBe('weightData');
      expect(error.message).toContain(`expected ${size} bytes (what weightSpecs describe), received "${length} bytes"`);
      expect(error.message).toContain(dir);
    }
  });

  it('refuses weight specs of the wrong shape, dtype or name before decoding', async () => {
    const specs = artifacts.weightSpecs ?? [];
    const withSpec = (index: number, change: Record<string, unknown>) =>
      tf.io.fromMemory({
        ...artifacts,
        weightSpecs: specs.map((s, i) => (i === index ? { ...s, ...change } : s)) as tf.io.WeightsManifestEntry[],
      });
    const cases: [tf.io.IOHandler, string][] = [
      [tf.io.fromMemory({ ...artifacts, weightSpecs: {} as tf.io.WeightsManifestEntry[] }), 'weightSpecs'],
      [withSpec(1, { dtype: 'int32' }), 'weightSpecs[1].dtype'],
      [withSpec(1, { dtype: 'string' }), 'weightSpecs[1].dtype'],
      [withSpec(0, { shape: [-1, 4] }), 'weightSpecs[0].shape'],
      [withSpec(0, { shape: [2.5, 4] }), 'weightSpecs[0].shape'],
      [withSpec(0, { shape: 'abc' }), 'weightSpecs[0].shape'],
      [withSpec(0, { shape: [1e6, 1e6] }), 'weightData'],
      [withSpec(0, { name: 42 }), 'weightSpecs[0].name'],
      [withSpec(0, { name: (specs[1] as tf.io.WeightsManifestEntry).name }), 'weightSpecs[1].name'],
      [withSpec(0, { quantization: { dtype: 'uint8', scale: 1, min: 0 } }), 'weightSpecs[0].quantization'],
      [tf.io.fromMemory({ ...artifacts, weightData: undefined }), 'weightData'],
    ];
    for (const [handler, parameter] of cases) expect((await loadError(handler)).parameter).toBe(parameter);
    const longName = await loadError(withSpec(0, { name: 'w'.repeat(50_000) }));
    expect(longName.message.length).toBeLessThan(400);
  });
});
