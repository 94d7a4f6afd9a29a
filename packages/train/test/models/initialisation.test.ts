import { initBackend } from '@gen/core';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { mlpVectorField } from '../../src/models/index.js';
import { fanInUniform } from '../../src/models/initialisation.js';

afterAll(async () => {
  await initBackend('cpu');
});

describe('fanInUniform (PyTorch nn.Linear default)', () => {
  it('draws U(−1/√fan_in, 1/√fan_in): bound, mean and variance of 30 000 draws', () => {
    const values = fanInUniform(256, 30_000, 7);
    const limit = 1 / 16;
    const max = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const meanSquare = values.reduce((s, v) => s + v * v, 0) / values.length;
    expect(max).toBeLessThanOrEqual(limit);
    expect(max).toBeGreaterThan(0.999 * limit);
    // Standard errors: mean limit·√(1/3/30 000) = 0.0033·limit; mean square limit²·√(4/45/30 000) = 0.0017·limit².
    expect(Math.abs(mean)).toBeLessThan(0.015 * limit);
    expect(meanSquare / (limit * limit)).toBeCloseTo(1 / 3, 2);
  });

  it('is a function of the seed alone', () => {
    expect(fanInUniform(3, 768, 11)).toEqual(fanInUniform(3, 768, 11));
    expect(fanInUniform(3, 768, 11)).not.toEqual(fanInUniform(3, 768, 12));
  });
});

describe('a seeded model', () => {
  it('has bit-identical initial weights on the cpu and wasm backends', async () => {
    const weights: Record<string, Record<string, Float32Array>> = {};
    for (const backend of ['cpu', 'wasm']) {
      await initBackend(backend as 'cpu' | 'wasm');
      const model = mlpVectorField({ dim: 2, hidden: [32, 32], seed: 5 });
      weights[backend] = Object.fromEntries(
        Object.entries(model.namedVariables).map(([name, v]) => [name, v.dataSync() as Float32Array]),
      );
      model.dispose();
    }
    expect(tf.getBackend()).toBe('wasm');
    expect(Object.keys(weights.wasm ?? {})).toHaveLength(6);
    expect(weights.wasm).toEqual(weights.cpu);
  });
});
