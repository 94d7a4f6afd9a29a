import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../src/errors/index.js';
import { initBackend } from '../../src/index.js';
import { frechetDistance, GaussianMoments, gaussianFrechetDistance } from '../../src/metrics/index.js';
import { symmetricEigen } from '../../src/metrics/symmetric-eigen.js';
import { Rng } from '../../src/random/rng.js';
import { randomNormal } from '../../src/random/tensors.js';
import { expectInvalidArgument, expectNoLeaks } from '../../src/testing/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** The n×n row-major product x·y. */
function matmul(x: ArrayLike<number>, y: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1)
    for (let j = 0; j < n; j += 1)
      for (let k = 0; k < n; k += 1)
        out[i * n + j] = (out[i * n + j] as number) + (x[i * n + k] as number) * (y[k * n + j] as number);
  return out;
}

function transpose(x: ArrayLike<number>, n: number): Float64Array {
  return Float64Array.from({ length: n * n }, (_, k) => x[(k % n) * n + Math.floor(k / n)] as number);
}

function diagonal(values: readonly number[]): Float64Array {
  const n = values.length;
  return Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? (values[k / (n + 1)] as number) : 0));
}

/** A random orthogonal matrix: the eigenvectors of a random symmetric one. */
function randomRotation(n: number, seed: number): Float64Array {
  const g = new Rng(seed).fillNormal(new Float64Array(n * n));
  return symmetricEigen(
    Float64Array.from(g, (v, k) => v + (g[(k % n) * n + Math.floor(k / n)] as number)),
    n,
  ).vectors;
}

describe('symmetricEigen', () => {
  it('finds the eigenvalues of [[2, 1], [1, 2]]: 1 and 3', () => {
    const { values } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
  });

  it('reconstructs a random symmetric 20×20 matrix with orthonormal eigenvectors (to 1e-12)', () => {
    const n = 20;
    const g = new Rng(3).fillNormal(new Float64Array(n * n));
    const a = Float64Array.from(g, (v, k) => v + (g[(k % n) * n + Math.floor(k / n)] as number));
    const { values, vectors } = symmetricEigen(a, n);
    const rebuilt = matmul(matmul(vectors, diagonal([...values]), n), transpose(vectors, n), n);
    const gram = matmul(transpose(vectors, n), vectors, n);
    for (let k = 0; k < n * n; k += 1) {
      expect(Math.abs((rebuilt[k] as number) - (a[k] as number))).toBeLessThan(1e-12);
      expect(Math.abs((gram[k] as number) - (k % (n + 1) === 0 ? 1 : 0))).toBeLessThan(1e-12);
    }
    for (let k = 1; k < n; k += 1) expect(values[k] as number).toBeGreaterThanOrEqual(values[k - 1] as number);
  });
});

describe('gaussianFrechetDistance', () => {
  it('matches ‖μ₁ − μ₂‖² + Σ(√a − √b)² for diagonal covariances', () => {
    const a = [0.5, 2, 3, 0.1];
    const b = [1, 1, 5, 0.4];
    const mu1 = [0, 1, 2, 3];
    const mu2 = [1, 1, 0, 3];
    const expected = 1 + 4 + a.reduce((s, ai, i) => s + (Math.sqrt(ai) - Math.sqrt(b[i] as number)) ** 2, 0);
    const d2 = gaussianFrechetDistance({ mean: mu1, covariance: diagonal(a) }, { mean: mu2, covariance: diagonal(b) });
    expect(Math.abs(d2 - expected)).toBeLessThan(1e-12);
  });

  it('matches the closed form for commuting covariances Q·diag(a)·Qᵀ and Q·diag(b)·Qᵀ', () => {
    const n = 6;
    const q = randomRotation(n, 7);
    const b = [1, 0.3, 1.5, 6, 0.5, 2];
    const rotate = (d: number[]) => matmul(matmul(q, diagonal(d), n), transpose(q, n), n);
    const mean = new Float64Array(n);
    // Σ₁ regular: 1e-10; Σ₁ singular (an eigenvalue 0 that rounding turns into ±1e-16, whose square root is 1e-8): 1e-6.
    const cases: [number[], number][] = [
      [[0.2, 0.9, 1.5, 2.5, 4, 0.05], 1e-10],
      [[0.2, 0.9, 1.5, 2.5, 4, 0], 1e-6],
    ];
    for (const [a, tolerance] of cases) {
      const expected = a.reduce((s, ai, i) => s + (Math.sqrt(ai) - Math.sqrt(b[i] as number)) ** 2, 0);
      const d2 = gaussianFrechetDistance({ mean, covariance: rotate(a) }, { mean, covariance: rotate(b) });
      expect(Math.abs(d2 - expected)).toBeLessThan(tolerance);
    }
  });

  it('agrees with the FID reference formula (scipy.linalg.sqrtm of Σ₁Σ₂) on a random pair: 3.3669562730397145', () => {
    // python: L1, L2 lower-triangular as below, S = L·Lᵀ; fd = ‖m1 − m2‖² + tr S1 + tr S2 − 2·tr sqrtm(S1·S2).real
    const l1 = [1, 0, 0, 0, 0.5, 1.2, 0, 0, -0.3, 0.4, 0.8, 0, 0.2, -0.1, 0.3, 0.6];
    const l2 = [0.9, 0, 0, 0, -0.4, 1.1, 0, 0, 0.6, 0.2, 0.7, 0, 0.1, 0.5, -0.2, 1.3];
    const s1 = matmul(l1, transpose(l1, 4), 4);
    const s2 = matmul(l2, transpose(l2, 4), 4);
    const d2 = gaussianFrechetDistance(
      { mean: [0.1, -0.2, 0.3, 0], covariance: s1 },
      { mean: [-0.5, 0.4, 0.2, 1], covariance: s2 },
    );
    expect(Math.abs(d2 - 3.3669562730397145)).toBeLessThan(1e-12);
  });

  it('is 0 between a Gaussian and itself, even a singular one', () => {
    const covariance = matmul(diagonal([1, 0, 3]), diagonal([1, 0, 3]), 3);
    expect(gaussianFrechetDistance({ mean: [1, 2, 3], covariance }, { mean: [1, 2, 3], covariance })).toBeLessThan(
      1e-12,
    );
  });

  it('refuses sizes that do not agree and non-finite values, naming them', () => {
    const g = { mean: [0, 0], covariance: [1, 0, 0, 1] };
    expectInvalidArgument(
      () => gaussianFrechetDistance(g, { mean: [0], covariance: [1] }),
      InvalidArgumentError,
      'b.mean',
    );
    expectInvalidArgument(
      () => gaussianFrechetDistance({ mean: [0, 0], covariance: [1] }, g),
      InvalidArgumentError,
      'a.covariance',
    );
    expectInvalidArgument(
      () => gaussianFrechetDistance(g, { mean: [0, Number.NaN], covariance: [1, 0, 0, 1] }),
      InvalidArgumentError,
      'b.mean[1]',
    );
  });
});

describe('GaussianMoments', () => {
  it('matches the two-pass mean and unbiased covariance on features offset by 1e6, batch by batch', () => {
    const rows = 500;
    const noise = new Rng(11).fillNormal(new Float64Array(rows * 2));
    const values = Float64Array.from(
      noise,
      (v, k) => 1e6 + (k % 2 === 0 ? v : 0.5 * v + 0.3 * (noise[k - 1] as number)),
    );
    const moments = new GaussianMoments(2);
    moments.add(values.subarray(0, 200));
    moments.add(values.subarray(200));
    const { mean, covariance } = moments.summary();
    const m = [0, 1].map((j) => values.reduce((s, v, k) => (k % 2 === j ? s + v : s), 0) / rows);
    for (const [i, j] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ] as const) {
      let c = 0;
      for (let r = 0; r < rows; r += 1)
        c += ((values[2 * r + i] as number) - (m[i] as number)) * ((values[2 * r + j] as number) - (m[j] as number));
      expect(Math.abs((covariance[i * 2 + j] as number) - c / (rows - 1))).toBeLessThan(1e-9);
    }
    expect(Math.abs((mean[0] as number) - (m[0] as number))).toBeLessThan(1e-9);
    expect(moments.count).toBe(rows);
  });

  it('refuses a ragged batch, a non-finite value and a summary of fewer than 2 rows', () => {
    const moments = new GaussianMoments(3);
    expectInvalidArgument(() => moments.add([1, 2]), InvalidArgumentError, 'rows');
    expectInvalidArgument(() => moments.add([1, Number.POSITIVE_INFINITY, 2]), InvalidArgumentError, 'rows[1]');
    moments.add([1, 2, 3]);
    expectInvalidArgument(() => moments.summary(), InvalidArgumentError, 'count');
    expectInvalidArgument(() => new GaussianMoments(0), InvalidArgumentError, 'dim');
  });
});

describe('frechetDistance', () => {
  it('is 0 between a sample and itself', async () => {
    const x = randomNormal([300, 8], 1);
    const d2 = await expectNoLeaks(() => frechetDistance(x, x));
    expect(d2).toBeLessThan(1e-9);
    x.dispose();
  });

  it('estimates the closed form between N(0, I) and N(1, 4I) in 2-D: 2·1² + 2·(1 − 2)² = 4', async () => {
    // 20 000 rows each: the estimate's standard deviation is about 0.03.
    const x = randomNormal([20_000, 2], 2);
    const y = randomNormal([20_000, 2], 3, 1, 2);
    const d2 = await expectNoLeaks(() => frechetDistance(x, y));
    expect(Math.abs(d2 - 4)).toBeLessThan(0.15);
    tf.dispose([x, y]);
  });

  it('refuses features of different widths, too few rows and non-finite values, naming the argument', async () => {
    const x = tf.ones([4, 3]);
    const y = tf.ones([4, 2]);
    const one = tf.ones([1, 3]);
    const bad = tf.tensor2d([
      [0, 1, 2],
      [0, Number.NaN, 1],
    ]);
    await expectNoLeaks(() => {
      expectInvalidArgument(() => frechetDistance(x, y), ShapeError, 'y');
      expectInvalidArgument(() => frechetDistance(one, x), ShapeError, 'x');
      expectInvalidArgument(() => frechetDistance(x, bad), InvalidArgumentError, 'y');
    });
    tf.dispose([x, y, one, bad]);
  });
});
