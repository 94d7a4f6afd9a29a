import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deriveSeed,
  divergenceExact,
  GenError,
  InvalidArgumentError,
  initBackend,
  randomNormal,
  randomUniform,
  ShapeError,
} from '@gen/core';
import { centralDifferenceGradient, expectClose, expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  loadMlpVectorField,
  MLP_ACTIVATIONS,
  type MlpVectorField,
  type MlpVectorFieldOptions,
  mlpVectorField,
  saveMlpVectorField,
  TIME_EMBEDDINGS,
} from '../src/models/index.js';
import { spectralNormalize } from '../src/models/spectral-norm.js';
import { embedTime, fourierFrequencies } from '../src/models/time-embedding.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Reads a tensor and disposes it. */
function take(tensor: tf.Tensor): Float32Array {
  const values = tensor.dataSync() as Float32Array;
  tensor.dispose();
  return values;
}

/** The mean squared error of forwardTimes against a fixed target: a flow-matching-like training loss. */
function fmLoss(model: MlpVectorField, t: tf.Tensor, x: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(model.forwardTimes(t, x), target))) as tf.Scalar);
}

/** Gradients of `loss` with respect to the model's variables, read back in variable order. */
function gradients(model: MlpVectorField, loss: () => tf.Scalar): Float32Array[] {
  const { value, grads } = tf.variableGrads(loss, [...model.variables]);
  value.dispose();
  return model.variables.map((v) => take(grads[v.name] as tf.Tensor));
}

function maxAbs(arrays: readonly Float32Array[]): number {
  return Math.max(...arrays.map((a) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
}

/** σ_max of a row-major [rows, cols] matrix by 2000 power iterations in float64 on the host. */
function hostSpectralNorm(values: ArrayLike<number>, rows: number, cols: number): number {
  let u = Float64Array.from({ length: cols }, (_, j) => 1 + 0.1 * j);
  let sigma = 0;
  for (let iteration = 0; iteration < 2000; iteration += 1) {
    const v = Array.from({ length: rows }, (_, i) =>
      u.reduce((sum, uj, j) => sum + (values[i * cols + j] as number) * uj, 0),
    );
    const next = Float64Array.from({ length: cols }, (_, j) =>
      v.reduce((sum, vi, i) => sum + (values[i * cols + j] as number) * vi, 0),
    );
    const norm = Math.hypot(...next);
    sigma = Math.sqrt(norm);
    u = next.map((value) => value / norm);
  }
  return sigma;
}

describe('mlpVectorField', () => {
  it('is a TrainableField: model(t, x) equals forwardTimes with a constant t; variables are kernels and biases', async () => {
    const model = mlpVectorField({ dim: 3, hidden: [8, 5], seed: 4 });
    const x = randomNormal([6, 3], 1);
    const u = await expectNoLeaks(() => model(0.3, x));
    const t = tf.fill([6], 0.3);
    const v = await expectNoLeaks(() => model.forwardTimes(t, x));
    expect(u.shape).toEqual([6, 3]);
    expect(take(u)).toEqual(take(v));
    expect(model.variables.map((w) => w.shape)).toEqual([[4, 8], [8], [8, 5], [5], [5, 3], [3]]);
    expect(model.variables.every((w) => w.trainable)).toBe(true);
    expect(model.config).toEqual({
      dim: 3,
      hidden: [8, 5],
      activation: 'silu',
      timeEmbedding: 'concat',
      fourierFeatures: 16,
      fourierScale: 1,
      spectralNorm: false,
      fastGradients: true,
      seed: 4,
    });
    tf.dispose([x, t]);
    model.dispose();
  });

  it('defaults to three hidden layers of 256 and is a plain affine field with hidden = []', () => {
    const model = mlpVectorField({ dim: 2 });
    expect(model.config.hidden).toEqual([256, 256, 256]);
    model.dispose();
    const affine = mlpVectorField({ dim: 2, hidden: [] });
    expect(affine.variables.map((w) => w.shape)).toEqual([[3, 2], [2]]);
    affine.dispose();
  });

  it('initialises from the seed: bit-identical for equal seeds, kernels and biases uniform in ±1/√fan_in', () => {
    const options: MlpVectorFieldOptions = {
      dim: 2,
      hidden: [16, 8],
      timeEmbedding: 'fourier',
      spectralNorm: true,
      seed: 9,
    };
    const a = mlpVectorField(options);
    const b = mlpVectorField(options);
    const c = mlpVectorField({ ...options, seed: 10 });
    expect(Object.keys(a.namedVariables)).toEqual([
      'dense_0/kernel',
      'dense_0/bias',
      'dense_0/spectral_u',
      'dense_1/kernel',
      'dense_1/bias',
      'dense_1/spectral_u',
      'dense_2/kernel',
      'dense_2/bias',
      'dense_2/spectral_u',
      'time_embedding/frequencies',
    ]);
    for (const [name, variable] of Object.entries(a.namedVariables)) {
      expect(variable.dataSync()).toEqual((b.namedVariables[name] as tf.Variable).dataSync());
      expect(variable.dataSync()).not.toEqual((c.namedVariables[name] as tf.Variable).dataSync());
    }
    // Every kernel and bias entry divided by its layer's 1/√fan_in is U(−1, 1): 714 of them here, whose mean square
    // is 1/3 (standard error √(4/45/714) = 0.011) and whose mean is 0 (standard error √(1/3/714) = 0.022). The old
    // Glorot kernels exceed the bound of the 16 → 8 and 8 → 2 layers and its zero biases lower the mean square.
    const scaled: number[] = [];
    for (const [l, [fanIn, fanOut]] of [
      [34, 16],
      [16, 8],
      [8, 2],
    ].entries()) {
      const kernel = a.namedVariables[`dense_${l}/kernel`] as tf.Variable;
      const bias = a.namedVariables[`dense_${l}/bias`] as tf.Variable;
      expect(kernel.shape).toEqual([fanIn, fanOut]);
      for (const value of [...kernel.dataSync(), ...bias.dataSync()]) scaled.push(value * Math.sqrt(fanIn as number));
    }
    expect(scaled).toHaveLength(714);
    expect(Math.max(...scaled.map(Math.abs))).toBeLessThanOrEqual(1);
    expect(Math.max(...scaled.map(Math.abs))).toBeGreaterThan(0.99);
    expect(scaled.reduce((sum, v) => sum + v * v, 0) / scaled.length).toBeCloseTo(1 / 3, 1);
    expect(Math.abs(scaled.reduce((sum, v) => sum + v, 0) / scaled.length)).toBeLessThan(0.09);
    for (const model of [a, b, c]) model.dispose();
  });

  it('dispose frees every variable; a disposed model throws', () => {
    const before = tf.memory().numTensors;
    const model = mlpVectorField({ dim: 2, hidden: [4], timeEmbedding: 'fourier', spectralNorm: true });
    expect(tf.memory().numTensors - before).toBe(7);
    model.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const x = tf.zeros([1, 2]);
    expect(() => model(0, x)).toThrow(GenError);
    x.dispose();
  });
});

describe('gradients', () => {
  const cases = MLP_ACTIVATIONS.flatMap((activation) =>
    TIME_EMBEDDINGS.map((timeEmbedding) => ({ activation, timeEmbedding })),
  );
  it.each(cases)(
    'fast path equals plain autodiff ($activation, $timeEmbedding)',
    async ({ activation, timeEmbedding }) => {
      const options: MlpVectorFieldOptions = {
        dim: 2,
        hidden: [16, 16],
        activation,
        timeEmbedding,
        fourierFeatures: 4,
        seed: 3,
      };
      const fast = mlpVectorField({ ...options, fastGradients: true });
      const plain = mlpVectorField({ ...options, fastGradients: false });
      const [t, x, target] = [randomUniform([32], 1), randomNormal([32, 2], 2), randomNormal([32, 2], 3)];
      const gFast = await expectNoLeaks(() => gradients(fast, () => fmLoss(fast, t, x, target)));
      const gPlain = gradients(plain, () => fmLoss(plain, t, x, target));
      const scale = maxAbs(gPlain);
      for (const [i, g] of gFast.entries())
        expectClose(g, gPlain[i] as Float32Array, { atol: 1e-6 * scale, rtol: 1e-5 }, `grad ${i}`);
      tf.dispose([t, x, target]);
      fast.dispose();
      plain.dispose();
    },
  );

  it('fast path transposes explicitly in the backward pass; plain autodiff does not', async () => {
    const [t, x, target] = [randomUniform([8], 1), randomNormal([8, 2], 2), randomNormal([8, 2], 3)];
    for (const fastGradients of [true, false]) {
      const model = mlpVectorField({ dim: 2, hidden: [8, 8], fastGradients });
      const profile = await tf.profile(() => {
        gradients(model, () => fmLoss(model, t, x, target));
      });
      expect(profile.kernelNames.includes('Transpose')).toBe(fastGradients);
      model.dispose();
    }
    tf.dispose([t, x, target]);
  });

  it('fast path equals plain autodiff with spectral normalisation (training forward)', () => {
    const options: MlpVectorFieldOptions = { dim: 3, hidden: [12, 12], spectralNorm: true, seed: 5 };
    const fast = mlpVectorField({ ...options, fastGradients: true });
    const plain = mlpVectorField({ ...options, fastGradients: false });
    const [t, x, target] = [randomUniform([16], 1), randomNormal([16, 3], 2), randomNormal([16, 3], 3)];
    const gFast = gradients(fast, () => fmLoss(fast, t, x, target));
    const gPlain = gradients(plain, () => fmLoss(plain, t, x, target));
    const scale = maxAbs(gPlain);
    for (const [i, g] of gFast.entries())
      expectClose(g, gPlain[i] as Float32Array, { atol: 1e-6 * scale, rtol: 1e-5 }, `grad ${i}`);
    tf.dispose([t, x, target]);
    fast.dispose();
    plain.dispose();
  });

  it.each([
    { fastGradients: true, activation: 'tanh', spectralNorm: false },
    { fastGradients: false, activation: 'silu', spectralNorm: false },
    { fastGradients: true, activation: 'elu', spectralNorm: true },
  ] as const)('match central finite differences on a tiny net (%o)', (settings) => {
    const model = mlpVectorField({
      dim: 2,
      hidden: [3],
      timeEmbedding: 'fourier',
      fourierFeatures: 1,
      seed: 2,
      ...settings,
    });
    const x = tf.tensor2d([
      [0.5, -1],
      [1.2, 0.3],
      [-0.7, 0.8],
      [0.1, 0.1],
    ]);
    const target = tf.tensor2d([
      [1, 0],
      [0, 1],
      [-1, 0.5],
      [0.2, -0.3],
    ]);
    // The inference call (no power-iteration update), so the finite differences see one fixed function.
    const loss = () => tf.tidy(() => tf.sum(tf.square(tf.sub(model(0.4, x), target))) as tf.Scalar);
    const analytic = gradients(model, loss).flatMap((g) => Array.from(g));
    const numeric = centralDifferenceGradient(
      () => tf.tidy(() => loss().dataSync()[0] as number),
      model.variables,
      1e-2,
    );
    expectClose(analytic, numeric, { atol: 2e-3, rtol: 1e-2 }, 'dL/dθ');
    tf.dispose([x, target]);
    model.dispose();
  });

  it('Adam steps on the fast path lower a flow-matching loss', () => {
    const model = mlpVectorField({ dim: 2, hidden: [32, 32], seed: 1 });
    const optimizer = tf.train.adam(1e-2, 0.9, 0.999, 1e-7);
    const [x0, x1, t] = [randomNormal([128, 2], 1), randomNormal([128, 2], 2, 3, 0.5), randomUniform([128], 3)];
    const tc = tf.reshape(t, [-1, 1]);
    const xt = tf.add(tf.mul(tf.sub(1, tc), x0), tf.mul(tc, x1));
    const target = tf.sub(x1, x0);
    const losses: number[] = [];
    for (let step = 0; step < 60; step += 1) {
      const cost = optimizer.minimize(() => fmLoss(model, t, xt, target), true, [...model.variables]) as tf.Scalar;
      losses.push(take(cost)[0] as number);
    }
    expect(losses.at(-1)).toBeLessThan(0.5 * (losses[0] as number));
    tf.dispose([x0, x1, t, tc, xt, target]);
    optimizer.dispose();
    model.dispose();
  });
});

describe('divergence', () => {
  const cases = MLP_ACTIVATIONS.flatMap((activation) =>
    TIME_EMBEDDINGS.map((timeEmbedding) => ({ activation, timeEmbedding })),
  );
  it.each(cases)('equals divergenceExact ($activation, $timeEmbedding)', async ({ activation, timeEmbedding }) => {
    const model = mlpVectorField({ dim: 3, hidden: [16, 16], activation, timeEmbedding, seed: 7 });
    const x = randomNormal([10, 3], 4);
    const div = await expectNoLeaks(() => model.divergence(0.7, x));
    expect(div.shape).toEqual([10]);
    const reference = divergenceExact(model, 0.7, x);
    expectClose(take(div), take(reference), { atol: 1e-5, rtol: 1e-4 }, '∇·u');
    x.dispose();
    model.dispose();
  });

  it.each([
    {
      name: 'spectral normalisation, plain gradients',
      options: { dim: 4, hidden: [8, 8, 8], spectralNorm: true, fastGradients: false },
    },
    { name: 'no hidden layer (affine field)', options: { dim: 3, hidden: [] } },
    { name: 'one hidden layer, 5-D', options: { dim: 5, hidden: [32], activation: 'tanh', timeEmbedding: 'fourier' } },
  ] as { name: string; options: MlpVectorFieldOptions }[])('equals divergenceExact: $name', ({ options }) => {
    const model = mlpVectorField({ ...options, seed: 8 });
    const x = randomNormal([7, options.dim], 5);
    expectClose(
      take(model.divergence(0.2, x)),
      take(divergenceExact(model, 0.2, x)),
      { atol: 1e-5, rtol: 1e-4 },
      '∇·u',
    );
    x.dispose();
    model.dispose();
  });

  it('runs no backward pass', () => {
    const model = mlpVectorField({ dim: 2, hidden: [16, 16] });
    const x = randomNormal([5, 2], 6);
    const spy = vi.spyOn(tf.engine(), 'gradients');
    take(model.divergence(0.5, x));
    expect(spy).not.toHaveBeenCalled();
    take(divergenceExact(model, 0.5, x));
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    x.dispose();
    model.dispose();
  });
});

describe('time embedding', () => {
  it("'concat' appends t; 'fourier' appends [sin 2πft, cos 2πft] with seeded frequencies", () => {
    const t = tf.tensor1d([0, 0.25, 0.6]);
    expect(take(embedTime(t, undefined))).toEqual(Float32Array.from([0, 0.25, 0.6]));
    const f = tf.tensor1d([1, -2.5]);
    const expected = [0, 0.25, 0.6].flatMap((s) => [
      Math.sin(2 * Math.PI * s),
      Math.sin(-5 * Math.PI * s),
      Math.cos(2 * Math.PI * s),
      Math.cos(-5 * Math.PI * s),
    ]);
    expectClose(take(embedTime(t, f)), expected, { atol: 1e-6 }, 'features');
    tf.dispose([t, f]);

    const model = mlpVectorField({
      dim: 2,
      hidden: [8],
      timeEmbedding: 'fourier',
      fourierFeatures: 6,
      fourierScale: 3,
      seed: 12,
    });
    const frequencies = model.namedVariables['time_embedding/frequencies'] as tf.Variable;
    expect(frequencies.dataSync()).toEqual(fourierFrequencies(6, 3, deriveSeed(12, 2)));
    expect(model.variables).not.toContain(frequencies);
    expect(model.variables[0]?.shape).toEqual([2 + 12, 8]);
    const x = randomNormal([4, 2], 1);
    expect(take(model(0.1, x))).not.toEqual(take(model(0.9, x)));
    x.dispose();
    model.dispose();
  });
});

describe('spectral normalisation', () => {
  it('normalises a 2×2 matrix to spectral norm 1 (closed-form singular value)', () => {
    const entries = [3, 1, -2, 4];
    const w = tf.tensor2d(entries, [2, 2]);
    const u = tf.variable(tf.tensor1d([1, 0]), false);
    for (let i = 0; i < 30; i += 1) tf.dispose(spectralNormalize(w, u, true));
    const normalised = take(spectralNormalize(w, u, false));
    const [a, b, c, d] = entries as [number, number, number, number];
    const s = a * a + b * b + c * c + d * d;
    const sigma = Math.sqrt((s + Math.sqrt(s * s - 4 * (a * d - b * c) ** 2)) / 2);
    expectClose(
      normalised,
      entries.map((e) => e / sigma),
      { atol: 1e-6 },
      'W / σ_max',
    );
    const [p, q, r, z] = Array.from(normalised) as [number, number, number, number];
    const sn = p * p + q * q + r * r + z * z;
    expectClose(Math.sqrt((sn + Math.sqrt(sn * sn - 4 * (p * z - q * r) ** 2)) / 2), 1, { atol: 1e-6 }, 'σ_max(W_sn)');
    tf.dispose([w, u]);
  });

  it('every normalised kernel of a model has spectral norm ≈ 1 (2000 float64 power iterations)', () => {
    // Widths whose raw kernels are far from spectral norm 1 (seed 3: 1.758, 1.280, 0.667); with U(±1/√fan_in)
    // entries a 32 × 24 kernel sits near 1 (0.998), which would make the last check below vacuous.
    const model = mlpVectorField({ dim: 4, hidden: [32, 64], spectralNorm: true, seed: 3 });
    const [t, x] = [randomUniform([8], 1), randomNormal([8, 4], 2)];
    for (let i = 0; i < 20; i += 1) take(model.forwardTimes(t, x));
    for (const [l, [rows, cols]] of [
      [5, 32],
      [32, 64],
      [64, 4],
    ].entries()) {
      const kernel = model.namedVariables[`dense_${l}/kernel`] as tf.Variable;
      const u = model.namedVariables[`dense_${l}/spectral_u`] as tf.Variable;
      const normalised = take(spectralNormalize(kernel, u, false));
      expect(hostSpectralNorm(normalised, rows as number, cols as number)).toBeCloseTo(1, 4);
      // The raw kernel is not normalised.
      expect(Math.abs(hostSpectralNorm(kernel.dataSync(), rows as number, cols as number) - 1)).toBeGreaterThan(0.05);
    }
    tf.dispose([t, x]);
    model.dispose();
  });

  it('forwardTimes runs one power iteration and stores u; calling the model and divergence only read u', () => {
    const model = mlpVectorField({ dim: 2, hidden: [6], spectralNorm: true, seed: 1 });
    const u = model.namedVariables['dense_0/spectral_u'] as tf.Variable;
    const kernel = model.namedVariables['dense_0/kernel'] as tf.Variable;
    const x = randomNormal([3, 2], 1);
    const t = tf.fill([3], 0.5);
    const before = Array.from(u.dataSync());
    take(model(0.5, x));
    take(model.divergence(0.5, x));
    expect(Array.from(u.dataSync())).toEqual(before);
    take(model.forwardTimes(t, x));
    // One power step on the host: v = W u / ‖W u‖, u' = Wᵀ v / ‖Wᵀ v‖.
    const w = kernel.dataSync();
    const v = [0, 1, 2].map((i) => before.reduce((s, uj, j) => s + (w[i * 6 + j] as number) * uj, 0));
    const next = [0, 1, 2, 3, 4, 5].map((j) => v.reduce((s, vi, i) => s + (w[i * 6 + j] as number) * vi, 0));
    const norm = Math.hypot(...next);
    expectClose(
      u.dataSync(),
      next.map((value) => value / norm),
      { atol: 1e-6 },
      'u after one step',
    );
    tf.dispose([x, t]);
    model.dispose();
  });

  it('makes a tanh field 1-Lipschitz in x (up to the σ estimate)', () => {
    const model = mlpVectorField({ dim: 3, hidden: [32, 32], activation: 'tanh', spectralNorm: true, seed: 6 });
    const [x, y] = [randomNormal([64, 3], 1), randomNormal([64, 3], 2)];
    const ratio = tf.tidy(() =>
      tf.max(tf.div(tf.norm(tf.sub(model(0.3, x), model(0.3, y)), 2, 1), tf.norm(tf.sub(x, y), 2, 1))),
    );
    expect(take(ratio)[0]).toBeLessThan(1.01);
    tf.dispose([x, y]);
    model.dispose();
  });
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

describe('validation', () => {
  it('names the offending option', () => {
    const bad: [unknown, string][] = [
      [undefined, 'options'],
      [{ dim: 0 }, 'options.dim'],
      [{ dim: 1.5 }, 'options.dim'],
      [{ dim: 2, hidden: 'wide' }, 'options.hidden'],
      [{ dim: 2, hidden: [8, -1] }, 'options.hidden[1]'],
      [{ dim: 2, hidden: [0] }, 'options.hidden[0]'],
      [{ dim: 2, activation: 'relu' }, 'options.activation'],
      [{ dim: 2, timeEmbedding: 'sinusoidal' }, 'options.timeEmbedding'],
      [{ dim: 2, fourierFeatures: 0 }, 'options.fourierFeatures'],
      [{ dim: 2, fourierScale: -1 }, 'options.fourierScale'],
      [{ dim: 2, spectralNorm: 'yes' }, 'options.spectralNorm'],
      [{ dim: 2, fastGradients: 1 }, 'options.fastGradients'],
      [{ dim: 2, seed: -1 }, 'options.seed'],
    ];
    for (const [options, parameter] of bad) {
      expectInvalidArgument(() => mlpVectorField(options as MlpVectorFieldOptions), InvalidArgumentError, parameter);
    }
  });

  it('checks x and t at every call', () => {
    const model = mlpVectorField({ dim: 2, hidden: [4] });
    const x = tf.zeros([3, 2]);
    const rank1 = tf.zeros([2]);
    const wide = tf.zeros([3, 3]);
    const ints = tf.zeros([3, 2], 'int32');
    const t3 = tf.zeros([3]);
    const tColumn = tf.zeros([3, 1]);
    const t4 = tf.zeros([4]);
    expectInvalidArgument(() => model(0, rank1), ShapeError, 'x');
    expectInvalidArgument(() => model(0, wide), ShapeError, 'x');
    expectInvalidArgument(() => model(0, ints), InvalidArgumentError, 'x');
    expectInvalidArgument(() => model(Number.NaN, x), InvalidArgumentError, 't');
    expectInvalidArgument(() => model.divergence(Number.POSITIVE_INFINITY, x), InvalidArgumentError, 't');
    expectInvalidArgument(() => model.divergence(0, wide), ShapeError, 'x');
    expectInvalidArgument(() => model.forwardTimes(tColumn, x), ShapeError, 't');
    expectInvalidArgument(() => model.forwardTimes(t4, x), ShapeError, 't');
    expectInvalidArgument(() => model.forwardTimes(t3, wide), ShapeError, 'x');
    tf.dispose([x, rank1, wide, ints, t3, tColumn, t4]);
    model.dispose();
  });
});
