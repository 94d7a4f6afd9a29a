import { InvalidArgumentError, initBackend, StandardNormal, type VectorField } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('evaluate', () => {
  // u(t, x) = 0.5·x carries N(0, e^{−1}·I) at t = 0 to N(0, I) at t = 1.
  const field: VectorField = (_t, x) => tf.mul(x, 0.5);

  it('samples and integrates the likelihood with the same fixed-step method: steps·stages evaluations each', async () => {
    const data = tf.tidy(() => tf.mul(new StandardNormal(2).sample(64, 5), Math.exp(-0.5)));
    const report = await expectNoLeaks(() =>
      evaluate({ model: field, data, samples: 64, solver: { method: 'rk4', steps: 10 } }),
    );
    expect(report.sampleNfe).toBe(40);
    expect(report.nllNfe).toBe(40);
    // With σ² = e^{−1}, D = 2: NLL = ln(2π) + ln σ² + E‖x‖²/(2σ²) = ln(2π) − 1 + 1; 64 points: standard error 0.125.
    expect(report.nll).toBeGreaterThan(Math.log(2 * Math.PI) - 0.5);
    expect(report.nll).toBeLessThan(Math.log(2 * Math.PI) + 0.5);
    data.dispose();
  });

  it('refuses options of the other kind of method, naming them', async () => {
    const data = tf.zeros([8, 2]);
    const error = await evaluate({ model: field, data, solver: { method: 'rk4', rtol: 1e-3 } }).catch((e) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).parameter).toBe('options.rtol');
    data.dispose();
  });
});
