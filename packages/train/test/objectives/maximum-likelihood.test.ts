import { InvalidArgumentError, initBackend } from '@gen/core';
import { centralDifferenceGradient, expectClose, expectInvalidArgument, expm } from '@gen/core/testing';
import { logProb } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maximumLikelihood } from '../../src/objectives/index.js';
import { linearModel } from '../fixtures/objective-fields.js';
import { lossOf } from '../support/objective-loss.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('maximum likelihood', () => {
  const A = [
    [-0.3, 0.8],
    [-0.5, 0.4],
  ];
  const B = [0.2, -0.1];
  const X = [
    [0.5, -1.2],
    [1.5, 0.3],
    [-0.7, 0.9],
    [0, 0],
  ];
  const linear = linearModel(A, B);
  const x = tf.tensor2d(X);
  afterAll(() => {
    linear.dispose();
    x.dispose();
  });

  /** log p₀(x) of the affine flow u = Ax + b: z = e^A·x + (e^A − I)A⁻¹b (from exp [[A, b], [0, 0]]), + tr A. */
  function exactLogDensity(point: readonly number[]): number {
    const e = expm([
      [...(A[0] as number[]), B[0] as number],
      [...(A[1] as number[]), B[1] as number],
      [0, 0, 0],
    ]);
    const z = [0, 1].map(
      (i) =>
        (e[i]?.[0] as number) * (point[0] as number) +
        (e[i]?.[1] as number) * (point[1] as number) +
        (e[i]?.[2] as number),
    );
    return (
      -0.5 * z.reduce((s, v) => s + v * v, 0) - Math.log(2 * Math.PI) + (A[0]?.[0] as number) + (A[1]?.[1] as number)
    );
  }

  it('with the exact divergence equals −mean log p of @gen/ode logProb and of the closed form', async () => {
    const objective = maximumLikelihood({ divergence: 'exact', rtol: 1e-6, atol: 1e-6 });
    const loss = lossOf(objective, linear.model, x, 0);
    const { logp, z } = await logProb(linear.model, x, { divergence: 'exact', rtol: 1e-6, atol: 1e-6 });
    const reference = -(logp.dataSync() as Float32Array).reduce((a, v) => a + v, 0) / X.length;
    expectClose(loss, reference, { atol: 1e-5 }, 'loss vs logProb');
    expectClose(
      loss,
      -X.map(exactLogDensity).reduce((a, v) => a + v, 0) / X.length,
      { atol: 1e-4 },
      'loss vs closed form',
    );
    tf.dispose([logp, z]);
  });

  it.each(['exact', 'hutchinson'] as const)(
    '%s: the backpropagated gradient matches central differences',
    (divergence) => {
      const objective = maximumLikelihood({ divergence, method: 'rk4', steps: 8 });
      const { value: v, grads } = tf.variableGrads(() => objective.loss(linear.model, x, 3), linear.model.variables);
      const analytic = linear.model.variables.flatMap((variable) => Array.from(grads[variable.name]?.dataSync() ?? []));
      const numeric = centralDifferenceGradient(() => lossOf(objective, linear.model, x, 3), linear.model.variables);
      expectClose(analytic, numeric, { atol: 2e-3, rtol: 2e-3 }, `∂loss/∂θ (${divergence})`);
      tf.dispose([v, ...Object.values(grads)]);
    },
  );

  it("Hutchinson's estimate is exact for a diagonal Jacobian, and a model's closed-form divergence is used", () => {
    const diagonal = linearModel(
      [
        [-0.4, 0],
        [0, 0.3],
      ],
      [0.1, 0],
    );
    const exact = lossOf(maximumLikelihood({ divergence: 'exact', method: 'rk4', steps: 8 }), diagonal.model, x, 0);
    expectClose(
      lossOf(maximumLikelihood({ method: 'rk4', steps: 8 }), diagonal.model, x, 5),
      exact,
      { atol: 1e-6 },
      'hutchinson',
    );
    let calls = 0;
    const withDivergence = Object.assign(diagonal.model, {
      divergence: (_t: number, y: tf.Tensor) => {
        calls += 1;
        return tf.fill([y.shape[0] as number], -0.1);
      },
    });
    const closedForm = lossOf(
      maximumLikelihood({ divergence: 'exact', method: 'rk4', steps: 8 }),
      withDivergence,
      x,
      0,
    );
    expect(calls).toBeGreaterThan(0);
    expectClose(closedForm, exact, { atol: 1e-6 }, 'closed-form divergence');
    diagonal.dispose();
  });

  it('rejects bad options, naming them', () => {
    expectInvalidArgument(
      () => maximumLikelihood({ divergence: 'trace' as 'exact' }),
      InvalidArgumentError,
      'options.divergence',
    );
    expectInvalidArgument(() => maximumLikelihood({ method: 'rk45' }), InvalidArgumentError, 'options.method');
    expectInvalidArgument(() => maximumLikelihood({ method: 'rk4' }), InvalidArgumentError, 'options.steps');
    expectInvalidArgument(() => maximumLikelihood({ steps: 0 }), InvalidArgumentError, 'options.steps');
    expectInvalidArgument(() => maximumLikelihood({ rtol: -1 }), InvalidArgumentError, 'options.rtol');
    expectInvalidArgument(() => maximumLikelihood({ atol: 0 }), InvalidArgumentError, 'options.atol');
  });
});
