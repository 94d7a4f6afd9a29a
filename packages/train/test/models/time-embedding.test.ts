import { deriveSeed, initBackend, randomNormal } from '@gen/core';
import { expectClose } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mlpVectorField } from '../../src/models/index.js';
import { embedTime, fourierFrequencies } from '../../src/models/time-embedding.js';
import { take } from '../support/mlp-field.js';

beforeAll(async () => {
  await initBackend('cpu');
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
