import { GenError, InvalidArgumentError, initBackend, randomNormal, ShapeError } from '@gen/core';
import { expectClose, expectInvalidArgument, expectNoLeaks, suspendFusedKernels } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MlpVectorFieldOptions, mlpVectorField } from '../../src/models/index.js';
import { take } from '../support/mlp-field.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('mlpVectorField', () => {
  it('trains through its closed-form divergence with the fused kernels as without (the likelihood objective)', () => {
    const model = mlpVectorField({ dim: 2, hidden: [16, 16], activation: 'tanh', seed: 8 });
    const x = randomNormal([10, 2], 3);
    const gradients = () => {
      const { value, grads } = tf.variableGrads(
        () => tf.sum(model.divergence(0.4, x)) as tf.Scalar,
        [...model.variables],
      );
      value.dispose();
      // The output bias does not enter the divergence: it gets no gradient, with or without the fused kernels.
      expect(grads[model.variables[5]?.name as string]).toBeUndefined();
      return model.variables.slice(0, 5).map((v) => take(grads[v.name] as tf.Tensor));
    };
    const fused = gradients();
    const restore = suspendFusedKernels();
    const composite = gradients();
    restore();
    expect(composite.some((g) => g.some((v) => v !== 0))).toBe(true);
    for (const [i, g] of fused.entries()) {
      expectClose(g, composite[i] as Float32Array, { atol: 1e-5, rtol: 1e-5 }, `∂(Σ∇·u)/∂variable ${i}`);
    }
    x.dispose();
    model.dispose();
  });

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
