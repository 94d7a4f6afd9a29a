import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import { expectClose } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFloat32, readSafetensors, writeSafetensors } from '../src/io/safetensors/index.js';
import {
  type GenModel,
  loadModel,
  type MlpVectorField,
  type MlpVectorFieldOptions,
  mlpVectorField,
  modelFromSafetensors,
  modelToSafetensors,
  saveMlpVectorField,
  saveModel,
} from '../src/models/index.js';
import { float32, maxAbsDifference, PYTHON, PYTHON_DIR, torchAvailable } from './support/torch-twin.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures', 'safetensors');
const python = PYTHON_DIR;
const hasTorch = torchAvailable('model-io.test.ts');

let dir: string;
beforeAll(async () => {
  await initBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'gen-model-io-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `load`, checks that it created exactly the model's variables, disposes the model: no tensor leaks. */
async function withModel<M extends GenModel, T>(load: () => Promise<M> | M, use: (m: M) => T): Promise<T> {
  const before = tf.memory().numTensors;
  const model = await load();
  expect(tf.memory().numTensors).toBe(before + Object.keys(model.namedVariables).length);
  tf.engine().startScope();
  try {
    return use(model);
  } finally {
    tf.engine().endScope();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }
}

/** Runs a call that must fail, and checks the error's class and parameter and that no tensor was left behind. */
async function expectRefused(
  call: () => Promise<unknown> | unknown,
  errorClass: { readonly kind: string },
  parameter: string,
): Promise<void> {
  const before = tf.memory().numTensors;
  let caught: unknown;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  expect(InvalidArgumentError.isInstance(caught), String(caught)).toBe(true);
  expect((caught as Error).name).toBe(errorClass.kind);
  expect((caught as InvalidArgumentError).parameter).toBe(parameter);
  expect(tf.memory().numTensors).toBe(before);
}

/** A tensor's values; the tensor is disposed. */
function take(tensor: tf.Tensor): Float32Array {
  const values = tensor.dataSync() as Float32Array;
  tensor.dispose();
  return values;
}

/** A header rewrite of a safetensors file (the data buffer kept). */
function rewriteHeader(bytes: Uint8Array, edit: (header: Record<string, unknown>) => void): Uint8Array {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  edit(header);
  const text = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + bytes.length - 8 - length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(bytes.subarray(8 + length), 8 + text.length);
  return out;
}

/** The `"gen"` metadata of a file, parsed. */
function genMetadata(bytes: Uint8Array): Record<string, unknown> {
  return JSON.parse(readSafetensors(bytes, 'bytes').metadata.get('gen') as string);
}

const CONFIGS: Record<string, MlpVectorFieldOptions> = {
  'concat, silu': { dim: 2, hidden: [16, 16], seed: 5 },
  'fourier, tanh, spectral': {
    dim: 3,
    hidden: [8, 12],
    activation: 'tanh',
    timeEmbedding: 'fourier',
    fourierFeatures: 5,
    fourierScale: 3,
    spectralNorm: true,
    seed: 6,
  },
  'concat, elu, spectral, plain gradients': {
    dim: 2,
    hidden: [7],
    activation: 'elu',
    spectralNorm: true,
    fastGradients: false,
    seed: 7,
  },
  'affine, swish, fourier': { dim: 1, hidden: [], activation: 'swish', timeEmbedding: 'fourier', seed: 8 },
};

/** Fixed inputs for a model of dimension `dim`: 6 points spread over [−2, 2]ᴰ and per-sample times in [0, 1]. */
function inputs(dim: number): { x: Float32Array; times: Float32Array } {
  const x = Float32Array.from({ length: 6 * dim }, (_, i) => Math.fround(2 * Math.sin(1.3 * i + 0.4)));
  const times = Float32Array.from({ length: 6 }, (_, i) => Math.fround((i + 0.5) / 6));
  return { x, times };
}

describe('gen → safetensors → gen', () => {
  it.each(Object.entries(CONFIGS))('%s: the loaded model computes bit-identical outputs', async (_, options) => {
    const model = mlpVectorField(options);
    const path = join(dir, `${options.seed}.safetensors`);
    await saveModel(model, path);
    const { x, times } = inputs(model.config.dim);
    const xs = tf.tensor2d(x, [6, model.config.dim]);
    const ts = tf.tensor1d(times);
    const expected = {
      at: take(model(0.37, xs)),
      perSample: take(model.forwardTimes(ts, xs)),
      divergence: take(model.divergence(0.37, xs)),
    };
    const got = await withModel(
      () => loadModel(path) as Promise<MlpVectorField>,
      (copy) => {
        expect(copy.config).toEqual(model.config);
        return {
          at: copy(0.37, xs).dataSync(),
          perSample: copy.forwardTimes(ts, xs).dataSync(),
          divergence: copy.divergence(0.37, xs).dataSync(),
        };
      },
    );
    expect(Array.from(got.at)).toEqual(Array.from(expected.at));
    expect(Array.from(got.perSample)).toEqual(Array.from(expected.perSample));
    expect(Array.from(got.divergence)).toEqual(Array.from(expected.divergence));
    tf.dispose([xs, ts]);
    model.dispose();
  });

  it('writes the state_dict in PyTorch layout (nn.Linear weights [out, in]) and the config as "gen" metadata', async () => {
    const model = mlpVectorField({
      dim: 2,
      hidden: [3],
      spectralNorm: true,
      timeEmbedding: 'fourier',
      fourierFeatures: 2,
    });
    const bytes = await modelToSafetensors(model);
    const { tensors } = readSafetensors(bytes, 'bytes');
    expect([...tensors].map(([name, t]) => [name, t.dtype, t.shape])).toEqual([
      ['layers.0.weight', 'F32', [3, 6]],
      ['layers.0.bias', 'F32', [3]],
      ['layers.0.spectral_u', 'F32', [3]],
      ['layers.1.weight', 'F32', [2, 3]],
      ['layers.1.bias', 'F32', [2]],
      ['layers.1.spectral_u', 'F32', [2]],
      ['time_embedding.frequencies', 'F32', [2]],
    ]);
    const kernel = model.namedVariables['dense_0/kernel']?.arraySync() as number[][]; // [in 6, out 3]
    const weight = float32(tensors, 'layers.0.weight'); // [out 3, in 6]
    for (let o = 0; o < 3; o += 1) {
      for (let i = 0; i < 6; i += 1) expect(weight[o * 6 + i]).toBe(kernel[i]?.[o]);
    }
    expect(genMetadata(bytes)).toEqual({ kind: 'mlp', config: { ...model.config }, version: 1 });
    model.dispose();
  });

  it('loads from a Uint8Array, an ArrayBuffer, a Blob, a File and a file:// path; saves over a file atomically', async () => {
    const model = mlpVectorField({ dim: 2, hidden: [4], seed: 9 });
    const bytes = await modelToSafetensors(model);
    const x = tf.tensor2d([0.5, -1, 2, 0.25], [2, 2]);
    const expected = take(model(0.2, x));
    const arrayBuffer = bytes.slice().buffer;
    const path = join(dir, 'nested', 'deeper', 'model.safetensors');
    writeFileSync(join(dir, 'stale.safetensors'), 'old contents');
    await saveModel(model, `file://${join(dir, 'stale.safetensors')}`);
    await saveModel(model, path);
    expect(new Uint8Array(readFileSync(path))).toEqual(bytes);
    expect(new Uint8Array(readFileSync(join(dir, 'stale.safetensors')))).toEqual(bytes);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const sources: unknown[] = [
      bytes,
      arrayBuffer,
      new Blob([new Uint8Array(bytes)]),
      new File([new Uint8Array(bytes)], 'model.safetensors'),
      `file://${path}`,
      join(dir, 'stale.safetensors'),
    ];
    for (const source of sources) {
      const got = await withModel(
        () => loadModel(source as Uint8Array),
        (copy) => copy(0.2, x).dataSync(),
      );
      expect(Array.from(got)).toEqual(Array.from(expected));
    }
    x.dispose();
    model.dispose();
  });

  it('fetches an http(s) URL ending in .safetensors, and refuses one that does not answer 200', async () => {
    const model = mlpVectorField({ dim: 2, hidden: [3], seed: 12 });
    const bytes = await modelToSafetensors(model);
    const server = createServer((request, response) => {
      response.statusCode = request.url === '/m.safetensors' ? 200 : 404;
      response.end(request.url === '/m.safetensors' ? bytes : 'not found');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    try {
      const x = tf.tensor2d([0.5, -1], [1, 2]);
      const expected = take(model(0.4, x));
      const got = await withModel(
        () => loadModel(`http://127.0.0.1:${port}/m.safetensors`),
        (copy) => copy(0.4, x).dataSync(),
      );
      expect(Array.from(got)).toEqual(Array.from(expected));
      await expectRefused(() => loadModel(`http://127.0.0.1:${port}/gone.safetensors`), InvalidArgumentError, 'source');
      x.dispose();
    } finally {
      server.close();
      model.dispose();
    }
  });

  it("delegates other strings and tf.io handlers to gen's tf.io format", async () => {
    const model = mlpVectorField({ dim: 2, hidden: [4], seed: 10 });
    const x = tf.tensor2d([0.5, -1], [1, 2]);
    const expected = take(model(0.6, x));
    await saveModel(model, `file://${join(dir, 'tfjs-model')}`);
    expect(readdirSync(join(dir, 'tfjs-model')).sort()).toEqual(['model.json', 'weights.bin']);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await saveMlpVectorField(
      model,
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    for (const source of [`file://${join(dir, 'tfjs-model')}`, tf.io.fromMemory(artifacts as tf.io.ModelArtifacts)]) {
      const got = await withModel(
        () => loadModel(source),
        (copy) => copy(0.6, x).dataSync(),
      );
      expect(Array.from(got)).toEqual(Array.from(expected));
    }
    x.dispose();
    model.dispose();
  });
});

describe('loadModel / saveModel refuse bad input with typed errors and no tensor left behind', () => {
  let bytes: Uint8Array;
  let model: MlpVectorField;
  beforeAll(async () => {
    model = mlpVectorField({ dim: 2, hidden: [3], seed: 11 });
    bytes = await modelToSafetensors(model);
  });
  afterAll(() => model.dispose());

  const withMetadata = (gen: string | undefined) =>
    rewriteHeader(bytes, (header) => {
      header.__metadata__ = gen === undefined ? {} : { gen };
    });
  const config = () => genMetadata(bytes).config as Record<string, unknown>;

  it('a file without gen metadata, or with metadata gen cannot use', async () => {
    await expectRefused(
      () => modelFromSafetensors(withMetadata(undefined)),
      InvalidArgumentError,
      'bytes.__metadata__.gen',
    );
    await expectRefused(
      () => modelFromSafetensors(withMetadata('{"kind":')),
      InvalidArgumentError,
      'bytes.__metadata__.gen',
    );
    await expectRefused(
      () => modelFromSafetensors(withMetadata('[1]')),
      InvalidArgumentError,
      'bytes.__metadata__.gen.version',
    );
    const meta = (patch: Record<string, unknown>) =>
      withMetadata(JSON.stringify({ kind: 'mlp', config: config(), version: 1, ...patch }));
    await expectRefused(
      () => modelFromSafetensors(meta({ version: 2 })),
      InvalidArgumentError,
      'bytes.__metadata__.gen.version',
    );
    await expectRefused(
      () => modelFromSafetensors(meta({ kind: 'transformer' })),
      InvalidArgumentError,
      'bytes.__metadata__.gen.kind',
    );
    await expectRefused(
      () => modelFromSafetensors(meta({ config: { ...config(), dim: 0 } })),
      InvalidArgumentError,
      'bytes.__metadata__.gen.config.dim',
    );
    // A config that does not match the tensors: the first tensor's shape is checked against it.
    await expectRefused(
      () => modelFromSafetensors(meta({ config: { ...config(), hidden: [4] } })),
      ShapeError,
      'bytes["layers.0.weight"]',
    );
  });

  it('an extra, missing, mis-shaped, integer or non-finite tensor, named', async () => {
    const extra = rewriteHeader(bytes, (header) => {
      const bias = header['layers.1.bias'] as { data_offsets: number[] };
      header['layers.1.bias'] = {
        ...bias,
        shape: [1],
        data_offsets: [bias.data_offsets[0], (bias.data_offsets[0] as number) + 4],
      };
      header['extra.weight'] = {
        dtype: 'F32',
        shape: [1],
        data_offsets: [(bias.data_offsets[0] as number) + 4, bias.data_offsets[1]],
      };
    });
    await expectRefused(() => modelFromSafetensors(extra), InvalidArgumentError, 'bytes["extra.weight"]');
    const entries = readSafetensors(bytes, 'bytes');
    const state = [...entries.tensors].map(([name, t]) => ({
      name,
      shape: t.shape,
      values: decodeFloat32(t.dtype, t.bytes, name),
    }));
    const metadata = Object.fromEntries(entries.metadata);
    const missing = writeSafetensors(
      state.filter(({ name }) => name !== 'layers.1.bias'),
      metadata,
    );
    await expectRefused(() => modelFromSafetensors(missing), InvalidArgumentError, 'bytes["layers.1.bias"]');
    // gen's own [in, out] layout is not PyTorch's: a kernel stored untransposed is refused.
    const untransposed = writeSafetensors(
      state.map((t) =>
        t.name === 'layers.0.weight'
          ? { ...t, shape: [3, 3] }
          : t.name === 'layers.1.weight'
            ? { ...t, shape: [3, 2] }
            : t,
      ),
      metadata,
    );
    await expectRefused(() => modelFromSafetensors(untransposed), ShapeError, 'bytes["layers.1.weight"]');
    const integer = rewriteHeader(bytes, (header) => {
      (header['layers.0.weight'] as { dtype: string }).dtype = 'I32';
    });
    await expectRefused(() => modelFromSafetensors(integer), InvalidArgumentError, 'bytes["layers.0.weight"]');
    const nan = writeSafetensors(
      state.map((t) => (t.name === 'layers.1.bias' ? { ...t, values: new Float32Array([0, Number.NaN]) } : t)),
      metadata,
    );
    await expectRefused(() => modelFromSafetensors(nan), InvalidArgumentError, 'bytes["layers.1.bias"]');
  });

  it('bad sources, targets and models', async () => {
    await expectRefused(() => loadModel(join(dir, 'missing.safetensors')), InvalidArgumentError, 'source');
    await expectRefused(() => loadModel(42 as unknown as string), InvalidArgumentError, 'source');
    await expectRefused(() => loadModel(new Blob([bytes.slice(0, 20)])), InvalidArgumentError, 'source');
    writeFileSync(join(dir, 'a-file'), 'x');
    await expectRefused(
      () => saveModel(model, join(dir, 'a-file', 'model.safetensors')),
      InvalidArgumentError,
      'target',
    );
    await expectRefused(
      () => saveModel({} as MlpVectorField, join(dir, 'x.safetensors')),
      InvalidArgumentError,
      'model',
    );
    await expectRefused(
      () => modelToSafetensors((() => 0) as unknown as MlpVectorField),
      InvalidArgumentError,
      'model',
    );
    expect(readdirSync(dir).filter((name) => name.startsWith('x.safetensors'))).toEqual([]);
  });
});

describe('PyTorch twin → safetensors → gen (committed fixtures from python/make_fixtures.py)', () => {
  const cases = readdirSync(fixtures)
    .filter((name) => name.endsWith('.io.safetensors'))
    .map((name) => name.slice(0, -'.io.safetensors'.length));

  it('has the four fixture cases (F32, F16, BF16, F64)', () => {
    expect(cases.sort()).toEqual(['mlp-affine-fourier', 'mlp-concat-silu', 'mlp-elu', 'mlp-fourier-tanh-spectral']);
    const dtypes = cases.map((name) => {
      const { tensors } = readSafetensors(new Uint8Array(readFileSync(join(fixtures, `${name}.safetensors`))), name);
      return [...new Set([...tensors.values()].map((t) => t.dtype))];
    });
    expect(dtypes.flat().sort()).toEqual(['BF16', 'F16', 'F32', 'F64']);
  });

  it.each(cases)('%s: gen computes the outputs PyTorch computed, to float32 precision', async (name) => {
    const io = readSafetensors(new Uint8Array(readFileSync(join(fixtures, `${name}.io.safetensors`))), 'io').tensors;
    const x = float32(io, 'x');
    const t = float32(io, 't')[0] as number;
    const times = float32(io, 'times');
    const [n = 0, dim = 0] = io.get('x')?.shape ?? [];
    const got = await withModel(
      () => loadModel(join(fixtures, `${name}.safetensors`)),
      (model) => {
        const xs = tf.tensor2d(x, [n, dim]);
        return {
          at: model(t, xs).dataSync(),
          perSample: model.forwardTimes(tf.tensor1d(times), xs).dataSync(),
        };
      },
    );
    const output = float32(io, 'output');
    const outputTimes = float32(io, 'output_times');
    console.info(
      `${name}: max |gen − torch| = ${maxAbsDifference(got.at, output).toExponential(2)} (u(t, x)), ` +
        `${maxAbsDifference(got.perSample, outputTimes).toExponential(2)} (training pass)`,
    );
    expectClose(got.at, output, { atol: 5e-7, rtol: 1e-6 }, `${name} u(t, x)`);
    expectClose(got.perSample, outputTimes, { atol: 5e-7, rtol: 1e-6 }, `${name} training pass`);
  });
});

describe('gen → safetensors → PyTorch twin', () => {
  it.skipIf(!hasTorch)('python/gen_torch.py loads gen files and computes the same outputs', async () => {
    const expected: Record<string, { at: Float32Array; perSample: Float32Array }> = {};
    for (const [index, options] of Object.values(CONFIGS).entries()) {
      const model = mlpVectorField(options);
      const { x, times } = inputs(model.config.dim);
      const xs = tf.tensor2d(x, [6, model.config.dim]);
      const ts = tf.tensor1d(times);
      expected[index] = { at: take(model(0.37, xs)), perSample: take(model.forwardTimes(ts, xs)) };
      // Saved before the training pass above moved the power-iteration vectors: save a fresh copy.
      const fresh = mlpVectorField(options);
      await saveModel(fresh, join(dir, `torch-${index}.safetensors`));
      fresh.dispose();
      writeFileSync(
        join(dir, `torch-${index}.in.safetensors`),
        writeSafetensors(
          [
            { name: 'x', shape: [6, model.config.dim], values: x },
            { name: 'times', shape: [6], values: times },
          ],
          {},
        ),
      );
      tf.dispose([xs, ts]);
      model.dispose();
    }
    const script = [
      'import sys, torch',
      `sys.path.insert(0, ${JSON.stringify(python)})`,
      'import gen_torch',
      `for i in range(${Object.keys(CONFIGS).length}):`,
      `    base = ${JSON.stringify(dir)} + f"/torch-{i}"`,
      '    model = gen_torch.load_safetensors(base + ".safetensors")',
      '    _, inputs = gen_torch.read_safetensors(base + ".in.safetensors")',
      '    with torch.no_grad():',
      '        at = model(0.37, inputs["x"])',
      '        per_sample = model.train()(inputs["times"], inputs["x"])',
      '    gen_torch.write_safetensors(base + ".out.safetensors", {"at": at, "per_sample": per_sample}, {})',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', timeout: 240_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const [index, name] of Object.keys(CONFIGS).entries()) {
      const out = readSafetensors(new Uint8Array(readFileSync(join(dir, `torch-${index}.out.safetensors`))), 'out');
      const at = float32(out.tensors, 'at');
      const perSample = float32(out.tensors, 'per_sample');
      const { at: genAt, perSample: genPerSample } = expected[index] as { at: Float32Array; perSample: Float32Array };
      console.info(
        `${name}: max |torch − gen| = ${maxAbsDifference(at, genAt).toExponential(2)} (u(t, x)), ` +
          `${maxAbsDifference(perSample, genPerSample).toExponential(2)} (training pass)`,
      );
      expectClose(at, genAt, { atol: 5e-7, rtol: 1e-6 }, `${name} u(t, x)`);
      expectClose(perSample, genPerSample, { atol: 5e-7, rtol: 1e-6 }, `${name} training pass`);
    }
  });
});
