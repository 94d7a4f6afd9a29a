import '@tensorflow/tfjs-backend-wasm';
import { GenError, InvalidArgumentError, initBackend, Rng, ShapeError } from '@gen/core';
import { expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type UnetVectorFieldOptions, unetVectorField } from '../../src/models/index.js';
import { unetParameterCount } from '../../src/models/unet/weight-layout.js';
import { conditionalFlowMatching } from '../../src/objectives/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** The larger MNIST model documented in `UnetVectorFieldOptions` (the default before the small one). */
const LARGER_MNIST = {
  baseChannels: 32,
  channelMultipliers: [1, 2, 2],
  attentionResolutions: [7],
  groups: 8,
} as const satisfies Partial<UnetVectorFieldOptions>;

/** A tiny U-Net: two levels, attention at the lower one, so every kind of layer is there. */
const TINY: UnetVectorFieldOptions = {
  imageShape: [8, 8, 1],
  baseChannels: 8,
  channelMultipliers: [1, 2],
  attentionResolutions: [4],
  groups: 4,
  seed: 3,
};

function images(n: number, [h, w, c]: readonly number[], seed: number): tf.Tensor4D {
  const values = Float32Array.from(
    new Rng(seed).fillNormal(new Float64Array(n * (h as number) * (w as number) * (c as number))),
  );
  return tf.tensor4d(values, [n, h as number, w as number, c as number]);
}

function take(tensor: tf.Tensor): Float32Array {
  const values = tensor.dataSync() as Float32Array;
  tensor.dispose();
  return values;
}

function maxAbs(values: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < values.length; i += 1) worst = Math.max(worst, Math.abs(values[i] as number));
  return worst;
}

describe('unetVectorField shapes', () => {
  it.each([
    [[28, 28, 1], {}],
    [[32, 32, 3], { channelMultipliers: [1, 2, 2, 2], attentionResolutions: [8] }],
    [[15, 9, 2], { baseChannels: 8, groups: 4, attentionResolutions: [8, 4] }],
    [[7, 7, 1], { baseChannels: 8, groups: 2, classes: 3 }],
    [[8, 8, 1], { baseChannels: 8, groups: 4, channelMultipliers: [2, 2], attentionResolutions: [4] }],
  ] as const)('maps [N, %j] to the same shape', async (imageShape, options) => {
    const model = unetVectorField({ imageShape, ...options });
    const x = images(2, imageShape, 1);
    const t = tf.tensor1d([0.2, 0.9]);
    const [u, perSample] = await expectNoLeaks(() => [model(0.5, x), model.forwardTimes(t, x)]);
    expect(u.shape).toEqual([2, ...imageShape]);
    expect(perSample.shape).toEqual([2, ...imageShape]);
    const values = take(u);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(maxAbs(values)).toBeGreaterThan(1e-3);
    tf.dispose([x, t, perSample]);
    model.dispose();
  });

  it.each([
    ['the default (small) MNIST model', {}, 67_673],
    ['the documented larger MNIST model', LARGER_MNIST, 1_112_801],
  ] as const)('has the parameter count of %s: %i', (_, options, count) => {
    const model = unetVectorField({ imageShape: [28, 28, 1], ...options });
    expect(unetParameterCount(model.config)).toBe(count);
    expect(model.variables.reduce((sum, v) => sum + v.size, 0)).toBe(count);
    expect(Object.keys(model.namedVariables)).toHaveLength(model.variables.length);
    model.dispose();
  });
});

describe('unetVectorField determinism', () => {
  it('gives bit-identical weights and outputs for equal seeds, and different ones for another seed', () => {
    const [a, b, c] = [unetVectorField(TINY), unetVectorField(TINY), unetVectorField({ ...TINY, seed: 4 })];
    const x = images(3, [8, 8, 1], 2);
    expect(take(a(0.3, x))).toEqual(take(b(0.3, x)));
    expect(take(a(0.3, x))).not.toEqual(take(c(0.3, x)));
    for (const [name, variable] of Object.entries(a.namedVariables)) {
      expect(variable.dataSync(), name).toEqual((b.namedVariables[name] as tf.Variable).dataSync());
    }
    tf.dispose(x);
    for (const model of [a, b, c]) model.dispose();
  });

  it('initialises as documented: U(±1/√fan_in) kernels, γ = 1, β = 0', () => {
    const model = unetVectorField(TINY);
    const kernel = model.namedVariables['down/1/res/0/conv1/kernel'] as tf.Variable; // [3, 3, 8, 16]
    expect(kernel.shape).toEqual([3, 3, 8, 16]);
    const bound = 1 / Math.sqrt(72);
    const values = kernel.dataSync() as Float32Array;
    expect(maxAbs(values)).toBeLessThanOrEqual(bound);
    expect(maxAbs(values)).toBeGreaterThan(0.95 * bound);
    // The variance of U(±a) is a²/3; 1152 draws estimate it with a relative standard error of √(4/45 / 1152)·3 = 2.6 %.
    const variance = values.reduce((sum, v) => sum + v * v, 0) / values.length;
    expect(Math.abs(variance / ((bound * bound) / 3) - 1)).toBeLessThan(0.15);
    expect(Array.from((model.namedVariables['middle/attn/norm/weight'] as tf.Variable).dataSync())).toEqual(
      new Array(16).fill(1),
    );
    expect(maxAbs((model.namedVariables['out_norm/bias'] as tf.Variable).dataSync())).toBe(0);
    model.dispose();
  });

  it('has bit-identical initial weights on cpu and wasm, and outputs within float32 rounding', async () => {
    const x = images(2, [8, 8, 1], 5);
    const xValues = x.dataSync();
    x.dispose();
    const results: { weights: Float32Array[]; output: Float32Array }[] = [];
    for (const backend of ['cpu', 'wasm'] as const) {
      await initBackend(backend);
      const model = unetVectorField({ ...TINY, classes: 2 });
      const input = tf.tensor4d(xValues, [2, 8, 8, 1]);
      results.push({
        weights: model.variables.map((v) => v.dataSync() as Float32Array),
        output: take(model(0.4, input)),
      });
      input.dispose();
      model.dispose();
    }
    await initBackend('cpu');
    const [cpu, wasm] = results as [(typeof results)[0], (typeof results)[0]];
    expect(wasm.weights).toEqual(cpu.weights);
    // The convolutions sum in different orders (XNNPACK on wasm): measured at most 4e-7 apart, outputs of size ~1.
    let worst = 0;
    for (let i = 0; i < cpu.output.length; i += 1)
      worst = Math.max(worst, Math.abs((cpu.output[i] as number) - (wasm.output[i] as number)));
    expect(worst).toBeLessThan(1e-5 * Math.max(1, maxAbs(cpu.output)));
  });
});

describe('unetVectorField class conditioning', () => {
  it('changes the output with the label, and label K equals the plain call', async () => {
    const model = unetVectorField({ ...TINY, classes: 3 });
    expect(model.classes).toBe(3);
    const x = images(4, [8, 8, 1], 6);
    const t = tf.fill([4], 0.6);
    const labels = tf.tensor1d([0, 1, 2, 3], 'int32');
    const [conditional, unconditional, plain] = await expectNoLeaks(() => [
      model.forwardTimes(t, x, labels),
      model.forwardTimes(t, x),
      model(0.6, x),
    ]);
    const [c, u, p] = [take(conditional), take(unconditional), take(plain)];
    expect(u).toEqual(p);
    const per = 64;
    expect(c.subarray(3 * per)).toEqual(u.subarray(3 * per));
    for (let s = 0; s < 3; s += 1) {
      let difference = 0;
      for (let i = s * per; i < (s + 1) * per; i += 1)
        difference = Math.max(difference, Math.abs((c[i] as number) - (u[i] as number)));
      expect(difference, `sample ${s}`).toBeGreaterThan(1e-3);
    }
    tf.dispose([x, t, labels]);
    model.dispose();
  });

  it('has no classes member when unconditional', () => {
    const model = unetVectorField(TINY);
    expect(model.classes).toBeUndefined();
    expect('classes' in model).toBe(false);
    model.dispose();
  });
});

describe('unetVectorField bad inputs', () => {
  it.each([
    [{ imageShape: [28, 28] }, 'options.imageShape'],
    [{ imageShape: [28, 0, 1] }, 'options.imageShape[1]'],
    [{ imageShape: [8, 8, 1], baseChannels: 7 }, 'options.baseChannels'],
    [{ imageShape: [8, 8, 1], channelMultipliers: [] }, 'options.channelMultipliers'],
    [{ imageShape: [8, 8, 1], resBlocks: 0 }, 'options.resBlocks'],
    [{ imageShape: [8, 8, 1], attentionResolutions: [0] }, 'options.attentionResolutions[0]'],
    [{ imageShape: [8, 8, 1], dropout: 1 }, 'options.dropout'],
    [{ imageShape: [8, 8, 1], baseChannels: 10 }, 'options.groups'],
    [{ imageShape: [8, 8, 1], attentionHeads: 3 }, 'options.attentionHeads'],
    [{ imageShape: [8, 8, 1], classes: 0 }, 'options.classes'],
    [{ imageShape: [8, 8, 1], seed: -1 }, 'options.seed'],
  ])('%j names %s', async (options, parameter) => {
    await expectNoLeaks(() =>
      expectInvalidArgument(() => unetVectorField(options as UnetVectorFieldOptions), InvalidArgumentError, parameter),
    );
  });

  it('refuses a model whose parameters would not fit the allocation limit, naming baseChannels', () => {
    let caught: unknown;
    try {
      unetVectorField({ imageShape: [8, 8, 1], baseChannels: 4096 });
    } catch (error) {
      caught = error;
    }
    expect((caught as InvalidArgumentError).name).toBe('ResourceLimitError');
    expect((caught as InvalidArgumentError).parameter).toBe('options.baseChannels');
  });

  it('names x, t and labels with the right error types, leaking nothing', async () => {
    const model = unetVectorField({ ...TINY, classes: 2 });
    const plain = unetVectorField(TINY);
    const x = images(2, [8, 8, 1], 7);
    const t = tf.tensor1d([0.1, 0.2]);
    const cases: [() => unknown, typeof InvalidArgumentError | typeof ShapeError, string][] = [
      [() => model(0.5, tf.zeros([2, 8, 7, 1])), ShapeError, 'x'],
      [() => model(0.5, tf.zeros([2, 64])), ShapeError, 'x'],
      [() => model(0.5, tf.zeros([2, 8, 8, 1], 'int32')), InvalidArgumentError, 'x'],
      [() => model(Number.NaN, x), InvalidArgumentError, 't'],
      [() => model.forwardTimes(tf.tensor1d([0.1]), x), ShapeError, 't'],
      [() => model.forwardTimes(t, x, tf.tensor1d([0, 1, 1], 'int32')), ShapeError, 'labels'],
      [() => model.forwardTimes(t, x, tf.tensor1d([0, 1])), InvalidArgumentError, 'labels'],
      [() => model.forwardTimes(t, x, tf.tensor1d([0, 3], 'int32')), InvalidArgumentError, 'labels[1]'],
      [() => model.forwardTimes(t, x, tf.tensor1d([-1, 0], 'int32')), InvalidArgumentError, 'labels[0]'],
      [() => plain.forwardTimes(t, x, tf.tensor1d([0, 1], 'int32')), InvalidArgumentError, 'labels'],
    ];
    for (const [call, errorClass, parameter] of cases) {
      const before = tf.memory().numTensors;
      tf.tidy(() => expectInvalidArgument(call, errorClass, parameter));
      expect(tf.memory().numTensors, parameter).toBe(before);
    }
    tf.dispose([x, t]);
    model.dispose();
    plain.dispose();
  });

  it('throws a GenError once disposed, and disposing twice does nothing', () => {
    const model = unetVectorField(TINY);
    const before = tf.memory().numTensors;
    model.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before - model.variables.length);
    const x = images(1, [8, 8, 1], 8);
    expect(() => model(0.5, x)).toThrow(GenError);
    x.dispose();
  });
});

describe('unetVectorField gradients', () => {
  it('reaches every variable with a finite, non-zero gradient of a CFM loss (with dropout and labels)', async () => {
    const model = unetVectorField({ ...TINY, classes: 2, dropout: 0.1, attentionHeads: 2 });
    const x = images(4, [8, 8, 1], 9);
    const t = tf.tensor1d([0.1, 0.4, 0.7, 0.95]);
    const labels = tf.tensor1d([0, 1, 2, 1], 'int32');
    const noise = images(4, [8, 8, 1], 10);
    const { value, grads } = await expectNoLeaks(() =>
      tf.variableGrads(
        () =>
          tf.tidy(() => {
            const times = tf.reshape(t, [4, 1, 1, 1]);
            const xt = tf.add(tf.mul(tf.sub(1, times), x), tf.mul(times, noise));
            return tf.mean(tf.square(tf.sub(model.forwardTimes(t, xt, labels), tf.sub(noise, x)))) as tf.Scalar;
          }),
        [...model.variables],
      ),
    );
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    for (const [name, variable] of Object.entries(model.namedVariables)) {
      const gradient = take(grads[variable.name] as tf.Tensor);
      expect(gradient.every(Number.isFinite), name).toBe(true);
      expect(maxAbs(gradient), name).toBeGreaterThan(0);
    }
    tf.dispose([value, x, t, labels, noise]);
    model.dispose();
  });

  it('trains on wasm too (no Conv2DBackpropFilter needed): its gradients match cpu’s', async () => {
    const results: Float32Array[][] = [];
    for (const backend of ['cpu', 'wasm'] as const) {
      await initBackend(backend);
      const model = unetVectorField({ ...TINY, classes: 2 });
      const x = images(2, [8, 8, 1], 13);
      const t = tf.tensor1d([0.3, 0.8]);
      const labels = tf.tensor1d([1, 2], 'int32');
      const { value, grads } = tf.variableGrads(
        () => tf.tidy(() => tf.mean(tf.square(model.forwardTimes(t, x, labels))) as tf.Scalar),
        [...model.variables],
      );
      results.push(model.variables.map((v) => take(grads[v.name] as tf.Tensor)));
      tf.dispose([value, x, t, labels]);
      model.dispose();
    }
    await initBackend('cpu');
    const [cpu, wasm] = results as [Float32Array[], Float32Array[]];
    for (const [i, gradient] of cpu.entries()) {
      const scale = Math.max(maxAbs(gradient), 1e-3);
      let worst = 0;
      for (let j = 0; j < gradient.length; j += 1) {
        worst = Math.max(worst, Math.abs((gradient[j] as number) - ((wasm[i] as Float32Array)[j] as number)));
      }
      // Float32 rounding of sums taken in another order: far below a wrong or missing gradient (relative error ~1).
      expect(worst / scale, `variable ${i}`).toBeLessThan(1e-3);
    }
  });

  it('draws fresh dropout masks on each forwardTimes call, but none when called as a field', () => {
    const model = unetVectorField({ ...TINY, dropout: 0.5 });
    const x = images(2, [8, 8, 1], 11);
    const t = tf.fill([2], 0.5);
    const [first, second] = [take(model.forwardTimes(t, x)), take(model.forwardTimes(t, x))];
    expect(first).not.toEqual(second);
    expect(take(model(0.5, x))).toEqual(take(model(0.5, x)));
    tf.dispose([x, t]);
    model.dispose();
  });
});

describe('unetVectorField training', () => {
  it('lowers the conditionalFlowMatching loss over 30 Adam steps on random 8×8×1 data (cpu)', async () => {
    const model = unetVectorField({
      imageShape: [8, 8, 1],
      baseChannels: 8,
      channelMultipliers: [1, 2],
      groups: 4,
      attentionResolutions: [4],
    });
    const objective = conditionalFlowMatching();
    const data = images(16, [8, 8, 1], 12); // image batches go to the objective as they are
    const optimizer = tf.train.adam(3e-3);
    const lossAt = (seeds: readonly number[]) =>
      seeds.reduce((sum, seed) => sum + tf.tidy(() => objective.loss(model, data, seed).dataSync()[0] as number), 0) /
      seeds.length;
    const probe = [1001, 1002, 1003, 1004];
    const before = lossAt(probe);
    for (let step = 0; step < 30; step += 1) {
      const cost = optimizer.minimize(() => objective.loss(model, data, step), true, [...model.variables]);
      cost?.dispose();
    }
    const after = lossAt(probe);
    // The target z − x has variance 2 per entry, so the loss starts near 2; it must fall by 15 % in 30 steps.
    expect(before).toBeGreaterThan(1.5);
    expect(after).toBeLessThan(0.85 * before);
    optimizer.dispose();
    data.dispose();
    model.dispose();
  });
});

afterAll(async () => {
  await initBackend('cpu');
});
