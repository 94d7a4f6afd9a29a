import { deriveSeed, InvalidArgumentError, initBackend, Rng } from '@gen/core';
import { expectNoLeaks, expm } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageDataset, toyDataset } from '../../src/data/index.js';
import { imageBitsPerDim } from '../../src/evaluation/image-bits-per-dim.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Ten random 4×4×1 "images" with levels 0–255. */
const levels = Uint8Array.from(new Rng(5).fillUniform(new Float64Array(10 * 16)), (u) => Math.floor(256 * u));
const images = imageDataset(levels, [4, 4, 1]);
const D = 16;
const SEED = 3;
const BATCH = 4;

/**
 * The bits/dim of the formula, −(log p(u) − D·ln 256)/(D·ln 2) with log p(u) = log p(y) + D·ln 2, averaged over
 * the same dequantised images the function scores (batch b dequantised with deriveSeed(seed, 0, b)), given the
 * exact log p(y).
 */
function expectedBitsPerDim(logDensity: (y: Float64Array) => number): number {
  const dequantised = imageDataset(levels, [4, 4, 1], { dequantize: true });
  let sum = 0;
  for (let b = 0, start = 0; start < 10; b += 1, start += BATCH) {
    const end = Math.min(start + BATCH, 10);
    const { x } = dequantised.slice(start, end, deriveSeed(SEED, 0, b));
    const values = x.dataSync();
    x.dispose();
    for (let i = 0; i < end - start; i += 1) {
      const y = Float64Array.from(values.subarray(i * D, (i + 1) * D));
      const logU = logDensity(y) + D * Math.LN2;
      sum += -(logU - D * Math.log(256)) / (D * Math.LN2);
    }
  }
  return sum / 10;
}

/** log N(z; 0, I) summed over the entries. */
function standardNormalLogDensity(z: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < z.length; i += 1) s += -0.5 * (z[i] as number) ** 2 - 0.5 * Math.log(2 * Math.PI);
  return s;
}

// A diagonal linear field u(t, y) = a ⊙ y: the flow maps y to z = e^a ⊙ y, so log p(y) = log N(e^a ⊙ y) + Σa.
const a = Float64Array.from(new Rng(8).fillUniform(new Float64Array(D)), (u) => u - 0.5);
const aTensor = tf.tensor(Float32Array.from(a), [1, 4, 4, 1]);
const diagonalField = (_t: number, x: tf.Tensor) => tf.mul(x, aTensor);
const diagonalLogDensity = (y: Float64Array) =>
  standardNormalLogDensity(y.map((v, i) => Math.exp(a[i] as number) * v)) + a.reduce((s, v) => s + v, 0);

// A general linear field u(t, y) = A·y on the flattened image: z = exp(A)·y, log p(y) = log N(exp(A)·y) + tr A.
const g = new Rng(9).fillNormal(new Float64Array(D * D));
const matrix = Array.from({ length: D }, (_, i) =>
  Array.from({ length: D }, (_, j) => 0.15 * (g[i * D + j] as number)),
);
const expA = expm(matrix);
const matrixT = tf.tensor2d(
  Float32Array.from({ length: D * D }, (_, k) => matrix[k % D]?.[Math.floor(k / D)] as number),
  [D, D],
);
const generalField = (_t: number, x: tf.Tensor) =>
  tf.reshape(tf.matMul(tf.reshape(x, [x.shape[0] as number, D]), matrixT), x.shape);
const generalLogDensity = (y: Float64Array) =>
  standardNormalLogDensity(expA.map((row) => row.reduce((s, v, j) => s + v * (y[j] as number), 0))) +
  matrix.reduce((s, row, i) => s + (row[i] as number), 0);

afterAll(() => {
  tf.dispose([aTensor, matrixT]);
});

describe('imageBitsPerDim', () => {
  const solver = { rtol: 1e-7, atol: 1e-7, batchSize: BATCH, seed: SEED };

  it('matches the closed form of a diagonal linear flow on 4×4×1 images, exact and Hutchinson (exact here)', async () => {
    const expected = expectedBitsPerDim(diagonalLogDensity);
    for (const divergence of ['exact', 'hutchinson'] as const) {
      const result = await expectNoLeaks(() => imageBitsPerDim(diagonalField, images, { ...solver, divergence }));
      expect(Math.abs(result.bitsPerDim - expected)).toBeLessThan(1e-4);
      expect(result.images).toBe(10);
      expect(result.nfe).toBeGreaterThan(0);
    }
  });

  it('matches the closed form of a general linear flow, log N(exp(A)·y) + tr A, with the exact divergence', async () => {
    const expected = expectedBitsPerDim(generalLogDensity);
    const result = await expectNoLeaks(() => imageBitsPerDim(generalField, images, solver));
    expect(Math.abs(result.bitsPerDim - expected)).toBeLessThan(1e-4);
    // The offset is right: the same images under the identity flow (u = 0) differ by the log-det term alone.
    const still = await imageBitsPerDim((_t, x) => tf.zerosLike(x), images, solver);
    expect(Math.abs(still.bitsPerDim - expectedBitsPerDim(standardNormalLogDensity))).toBeLessThan(1e-5);
  });

  it('scores only the first `images` images, and a data set that is already dequantised the same way', async () => {
    const first = await imageBitsPerDim(diagonalField, images, { ...solver, images: 4 });
    const dequantised = imageDataset(levels, [4, 4, 1], { dequantize: true });
    const same = await imageBitsPerDim(diagonalField, dequantised, { ...solver, images: 4 });
    expect(first.images).toBe(4);
    expect(same.bitsPerDim).toBe(first.bitsPerDim);
  });

  it('refuses bad arguments with typed errors naming them, leaking nothing', async () => {
    const cases: [() => Promise<unknown>, string][] = [
      [() => imageBitsPerDim('field' as never, images), 'model'],
      [() => imageBitsPerDim(diagonalField, toyDataset('moons') as never), 'data'],
      [() => imageBitsPerDim(diagonalField, imageDataset(new Float32Array(16).fill(0.5), [4, 4, 1])), 'data.levels'],
      [() => imageBitsPerDim(diagonalField, images, { batchSize: 0 }), 'options.batchSize'],
      [() => imageBitsPerDim(diagonalField, images, { images: 11 }), 'options.images'],
      [() => imageBitsPerDim(diagonalField, images, { divergence: 'trace' as never }), 'options.divergence'],
    ];
    for (const [call, parameter] of cases) {
      await expectNoLeaks(async () => {
        await expect(call()).rejects.toSatisfy((e) => e instanceof InvalidArgumentError && e.parameter === parameter);
      });
    }
  });
});
