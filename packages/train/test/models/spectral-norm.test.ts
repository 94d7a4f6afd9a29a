import { initBackend, randomNormal, randomUniform } from '@gen/core';
import { expectClose } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mlpVectorField } from '../../src/models/index.js';
import { spectralNormalize } from '../../src/models/spectral-norm.js';
import { take } from '../support/mlp-field.js';

beforeAll(async () => {
  await initBackend('cpu');
});

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
