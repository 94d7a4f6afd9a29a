import { initBackend, randomNormal, randomUniform } from '@gen/core';
import { centralDifferenceGradient, expectClose, expectNoLeaks, suspendFusedKernels } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MLP_ACTIVATIONS,
  type MlpVectorField,
  type MlpVectorFieldOptions,
  mlpVectorField,
  TIME_EMBEDDINGS,
} from '../../src/models/index.js';
import { fmLoss, take } from '../support/mlp-field.js';

// These tests are about the composite linear layers: gen's fused MLP kernels (which replace them on cpu) stay out.
let restoreFusedKernels: () => void = () => {};
beforeAll(async () => {
  await initBackend('cpu');
  restoreFusedKernels = suspendFusedKernels();
});
afterAll(() => {
  restoreFusedKernels();
});

/** Gradients of `loss` with respect to the model's variables, read back in variable order. */
function gradients(model: MlpVectorField, loss: () => tf.Scalar): Float32Array[] {
  const { value, grads } = tf.variableGrads(loss, [...model.variables]);
  value.dispose();
  return model.variables.map((v) => take(grads[v.name] as tf.Tensor));
}

function maxAbs(arrays: readonly Float32Array[]): number {
  return Math.max(...arrays.map((a) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
}

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
