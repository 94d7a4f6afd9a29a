import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, initBackend, Rng, ShapeError } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFloat32, readSafetensors, writeSafetensors } from '../../src/io/safetensors/index.js';
import {
  type GenModel,
  loadMlpVectorField,
  loadModel,
  modelFromSafetensors,
  modelToSafetensors,
  saveModel,
  type UnetVectorField,
  type UnetVectorFieldOptions,
  unetVectorField,
} from '../../src/models/index.js';

const OPTIONS: UnetVectorFieldOptions = {
  imageShape: [7, 7, 2],
  baseChannels: 8,
  channelMultipliers: [1, 2],
  attentionResolutions: [4],
  attentionHeads: 2,
  groups: 4,
  classes: 3,
  seed: 5,
};

let dir: string;
let model: UnetVectorField;
let x: tf.Tensor;
let t: tf.Tensor;
let labels: tf.Tensor;
let expected: { at: Float32Array; perSample: Float32Array };

beforeAll(async () => {
  await initBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'gen-unet-io-'));
  model = unetVectorField(OPTIONS);
  x = tf.tensor4d(Float32Array.from(new Rng(1).fillNormal(new Float64Array(3 * 98))), [3, 7, 7, 2]);
  t = tf.tensor1d([0.1, 0.5, 0.9]);
  labels = tf.tensor1d([0, 3, 2], 'int32');
  expected = outputs(model);
});

afterAll(() => {
  tf.dispose([x, t, labels]);
  model.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function outputs(m: GenModel): { at: Float32Array; perSample: Float32Array } {
  return tf.tidy(() => ({
    at: m(0.37, x).dataSync() as Float32Array,
    perSample: (m as UnetVectorField).forwardTimes(t, x, labels).dataSync() as Float32Array,
  }));
}

/** Loads, checks the loaded model against the original, disposes it; the tensor count must end where it began. */
async function expectSameModel(load: () => Promise<GenModel> | GenModel): Promise<void> {
  await expectNoLeaks(async () => {
    const copy = await load();
    try {
      expect(copy.config).toEqual(model.config);
      expect((copy as UnetVectorField).classes).toBe(3);
      const got = outputs(copy);
      expect(got.at).toEqual(expected.at);
      expect(got.perSample).toEqual(expected.perSample);
      for (const [name, variable] of Object.entries(model.namedVariables)) {
        expect(copy.namedVariables[name]?.dataSync(), name).toEqual(variable.dataSync());
      }
    } finally {
      copy.dispose();
    }
  });
}

describe('U-Net save and load', () => {
  it('reloads bit-identically from gen’s tf.io format (file:// and an IOHandler)', async () => {
    await expectNoLeaks(() => saveModel(model, `file://${join(dir, 'tfjs')}`));
    await expectSameModel(() => loadModel(`file://${join(dir, 'tfjs')}`));
    let artifacts: tf.io.ModelArtifacts | undefined;
    await saveModel(
      model,
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(artifacts?.format).toBe('gen-unet-vector-field');
    expect(artifacts?.modelTopology).toEqual({ class: 'UnetVectorField', version: 1 });
    await expectSameModel(() => loadModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts)));
  });

  it('reloads bit-identically from .safetensors (a file and bytes)', async () => {
    const path = join(dir, 'unet.safetensors');
    await expectNoLeaks(() => saveModel(model, path));
    await expectSameModel(() => loadModel(path));
    await expectSameModel(async () => modelFromSafetensors(await modelToSafetensors(model)));
  });

  it('writes the PyTorch state_dict names and layouts with the config in the metadata', async () => {
    const { tensors, metadata } = readSafetensors(await modelToSafetensors(model), 'bytes');
    const header = JSON.parse(metadata.get('gen') as string);
    expect(header).toEqual({ kind: 'unet', config: JSON.parse(JSON.stringify(model.config)), version: 1 });
    const shape = (name: string) => tensors.get(name)?.shape;
    expect(shape('time_embed.0.weight')).toEqual([32, 8]);
    expect(shape('time_embed.2.bias')).toEqual([32]);
    expect(shape('class_embed.weight')).toEqual([4, 32]);
    expect(shape('input_conv.weight')).toEqual([8, 2, 3, 3]);
    expect(shape('down.0.res.0.conv1.weight')).toEqual([8, 8, 3, 3]);
    expect(shape('down.1.res.0.skip.weight')).toEqual([16, 8, 1, 1]);
    expect(shape('down.1.attn.0.qkv.weight')).toEqual([48, 16]);
    expect(shape('down.0.downsample.weight')).toEqual([8, 8, 3, 3]);
    expect(shape('middle.attn.proj.weight')).toEqual([16, 16]);
    expect(shape('up.1.res.0.conv1.weight')).toEqual([16, 32, 3, 3]);
    // Skips of 8, 16 | 8, 8 channels are popped by up.1's blocks (16 + 16, 16 + 8) and up.0's (16 + 8, 8 + 8).
    expect(shape('up.1.res.1.norm1.weight')).toEqual([24]);
    expect(shape('up.1.attn.1.norm.bias')).toEqual([16]);
    expect(shape('up.1.upsample.weight')).toEqual([16, 16, 3, 3]);
    expect(shape('up.0.res.0.skip.weight')).toEqual([8, 24, 1, 1]);
    expect(shape('up.0.res.1.skip.weight')).toEqual([8, 16, 1, 1]);
    expect(shape('out_norm.weight')).toEqual([8]);
    expect(shape('out_conv.weight')).toEqual([2, 8, 3, 3]);
    expect(tensors.size).toBe(Object.keys(model.namedVariables).length);
    // PyTorch's [out, in, kh, kw] entry (o, i, y, x) is gen's [kh, kw, in, out] entry (y, x, i, o).
    const torch = decodeFloat32('F32', (tensors.get('input_conv.weight') as { bytes: Uint8Array }).bytes, 'w');
    const gen = (model.namedVariables['input_conv/kernel'] as tf.Variable).dataSync();
    const [o, i, y, xx] = [5, 1, 2, 0];
    expect(torch[((o * 2 + i) * 3 + y) * 3 + xx]).toBe(gen[((y * 3 + xx) * 2 + i) * 8 + o]);
    const qkv = decodeFloat32('F32', (tensors.get('middle.attn.qkv.weight') as { bytes: Uint8Array }).bytes, 'w');
    const genQkv = (model.namedVariables['middle/attn/qkv/kernel'] as tf.Variable).dataSync();
    expect(qkv[40 * 16 + 3]).toBe(genQkv[3 * 48 + 40]);
  });
});

describe('U-Net files that are refused', () => {
  async function rewritten(
    edit: (entries: Map<string, { shape: number[]; values: Float32Array }>, header: Record<string, unknown>) => void,
  ) {
    const { tensors, metadata } = readSafetensors(await modelToSafetensors(model), 'bytes');
    const entries = new Map(
      [...tensors].map(([name, tensor]) => [
        name,
        { shape: [...tensor.shape], values: decodeFloat32(tensor.dtype, tensor.bytes, name) },
      ]),
    );
    const header = JSON.parse(metadata.get('gen') as string);
    edit(entries, header);
    return writeSafetensors(
      [...entries].map(([name, entry]) => ({ name, ...entry })),
      { gen: JSON.stringify(header) },
    );
  }

  it.each([
    [
      'a missing tensor',
      (e: Map<string, unknown>) => e.delete('middle.attn.qkv.bias'),
      InvalidArgumentError,
      'bytes["middle.attn.qkv.bias"]',
    ],
    [
      'an extra tensor',
      (e: Map<string, unknown>) => e.set('down.9.res.0.conv1.bias', { shape: [1], values: new Float32Array(1) }),
      InvalidArgumentError,
      'bytes["down.9.res.0.conv1.bias"]',
    ],
    [
      'a transposed conv kernel',
      (e: Map<string, { shape: number[]; values: Float32Array }>) => {
        const entry = e.get('input_conv.weight') as { shape: number[]; values: Float32Array };
        e.set('input_conv.weight', { shape: [3, 3, 2, 8], values: entry.values });
      },
      ShapeError,
      'bytes["input_conv.weight"]',
    ],
    [
      'a config with groups not dividing the channels',
      (_: unknown, header: Record<string, unknown>) => {
        (header.config as Record<string, unknown>).groups = 3;
      },
      InvalidArgumentError,
      'bytes.__metadata__.gen.config.groups',
    ],
  ] as const)('%s, naming it', async (_, edit, errorClass, parameter) => {
    const bytes = await rewritten(edit as never);
    await expectNoLeaks(() => {
      let caught: unknown;
      try {
        modelFromSafetensors(bytes);
      } catch (error) {
        caught = error;
      }
      expect((caught as Error).name).toBe(errorClass.kind);
      expect((caught as InvalidArgumentError).parameter).toBe(parameter);
    });
  });

  it('refuses tf.io artifacts of an unknown format, and loadMlpVectorField refuses a U-Net, naming handlerOrUrl', async () => {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await saveModel(
      model,
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const saved = artifacts as tf.io.ModelArtifacts;
    for (const load of [
      () => loadModel(tf.io.fromMemory({ ...saved, format: 'something-else' })),
      () => loadMlpVectorField(tf.io.fromMemory(saved)),
    ]) {
      await expectNoLeaks(async () => {
        const error = await load().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(InvalidArgumentError.isInstance(error)).toBe(true);
        expect((error as InvalidArgumentError).parameter).toBe('handlerOrUrl');
      });
    }
    const truncated = { ...saved, weightData: (saved.weightData as ArrayBuffer).slice(0, 100) };
    await expectNoLeaks(async () => {
      const error = await loadModel(tf.io.fromMemory(truncated)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as InvalidArgumentError).parameter).toBe('weightData');
    });
  });
});
