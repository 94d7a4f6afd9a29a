import { divergenceExact, initBackend, randomNormal } from '@gen/core';
import { expectClose, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  MLP_ACTIVATIONS,
  type MlpVectorFieldOptions,
  mlpVectorField,
  TIME_EMBEDDINGS,
} from '../../src/models/index.js';
import { take } from '../support/mlp-field.js';

beforeAll(async () => {
  await initBackend('cpu');
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
