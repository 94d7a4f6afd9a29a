import { InvalidArgumentError, initBackend } from '@gen/core';
import { expectClose, expectInvalidArgument } from '@gen/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { conditionalFlowMatching } from '../../src/objectives/index.js';
import { gaussianData, pointData } from '../fixtures/objective-data.js';
import { affineField, shifted } from '../fixtures/objective-fields.js';
import { lossOf } from '../support/objective-loss.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('conditional flow matching', () => {
  const x0 = [0.7, -1.2];
  /** The exact conditional velocity for data at x0 alone: u = (1 − σ_min)·z − x0 with z = (x_t − (1 − t)·x0)/σ_t. */
  const singlePointField = (sigmaMin: number) =>
    affineField((t) => {
      const sigmaT = sigmaMin + (1 - sigmaMin) * t;
      return [(1 - sigmaMin) / sigmaT, -(1 + ((1 - sigmaMin) * (1 - t)) / sigmaT)];
    }, x0);

  it.each([0, 0.01])(
    'σ_min = %s: the exact field of a one-point data set has zero loss; a shift δ costs ‖δ‖²',
    (sigmaMin) => {
      const batch = pointData(512, x0);
      const objective = conditionalFlowMatching({ sigmaMin });
      const exact = singlePointField(sigmaMin);
      expect(lossOf(objective, exact, batch, 1)).toBeLessThan(1e-6);
      expectClose(lossOf(objective, shifted(exact, [0.3, -0.4]), batch, 1), 0.25, { atol: 1e-4 }, 'loss of u* + δ');
      batch.dispose();
    },
  );

  it('standard normal data: the marginal field (2t − 1)/((1 − t)² + t²)·x attains D·π/2', () => {
    // x_t = (1 − t)x + tz ~ N(0, ((1 − t)² + t²)I); Var(z − x | x_t) = 1/((1 − t)² + t²) per dimension.
    const n = 16_384;
    const batch = gaussianData(n, [0, 0], 1, 3);
    const optimal = affineField((t) => [(2 * t - 1) / ((1 - t) ** 2 + t ** 2), 0], [0, 0]);
    const loss = lossOf(conditionalFlowMatching(), optimal, batch, 4);
    const variances = optimal.times.map((t) => 1 / ((1 - t) ** 2 + t ** 2));
    const given = (2 * variances.reduce((a, v) => a + v, 0)) / n; // D = 2
    const standardError = Math.sqrt(variances.reduce((a, v) => a + 4 * v * v, 0)) / n; // Var(v·χ²₂) = 4v²
    expect(Math.abs(loss - given)).toBeLessThan(4 * standardError);
    expectClose(loss, Math.PI, { rtol: 0.02 }, 'CFM minimum D·π/2');
    const scaled = affineField((t) => [(0.8 * (2 * t - 1)) / ((1 - t) ** 2 + t ** 2), 0], [0, 0]);
    expect(lossOf(conditionalFlowMatching(), scaled, batch, 4)).toBeGreaterThan(loss + 0.02);
    batch.dispose();
  });
});

describe('option validation of the flow-matching objectives', () => {
  it('names the parameter', () => {
    expectInvalidArgument(() => conditionalFlowMatching({ sigmaMin: 1 }), InvalidArgumentError, 'options.sigmaMin');
    expectInvalidArgument(() => conditionalFlowMatching({ sigmaMin: -0.1 }), InvalidArgumentError, 'options.sigmaMin');
  });
});
