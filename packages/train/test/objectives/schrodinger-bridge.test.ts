import { InvalidArgumentError, initBackend } from '@gen/core';
import { expectInvalidArgument } from '@gen/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { schrodingerBridgeFlowMatching } from '../../src/objectives/index.js';
import { pointData } from '../fixtures/objective-data.js';
import { affineField, shifted } from '../fixtures/objective-fields.js';
import { lossOf } from '../support/objective-loss.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('Schrödinger-bridge CFM', () => {
  it('for a one-point data set, E[u_t | x_t] with the bridge target beats every perturbation of it', () => {
    // x_t = (1 − t)x0 + t·z + s·ε with s = σ√(t(1 − t)); target z − x0 + ṡ·ε, so
    // E[u_t | x_t] = −x0 + k·(x_t − (1 − t)x0), k = (t + s·ṡ)/(t² + s²) = (t + σ²(1 − 2t)/2)/(t² + σ²t(1 − t)).
    const sigma = 0.8;
    const x0 = [0.5, -0.5];
    const field = (flip: number) =>
      affineField((t) => {
        const k = (t + (flip * sigma ** 2 * (1 - 2 * t)) / 2) / (t ** 2 + sigma ** 2 * t * (1 - t));
        return [k, -(1 + k * (1 - t))];
      }, x0);
    const batch = pointData(1024, x0);
    const objective = schrodingerBridgeFlowMatching({ sigma });
    const optimal = lossOf(objective, field(1), batch, 9);
    expect(lossOf(objective, field(-1), batch, 9)).toBeGreaterThan(optimal + 0.1); // the target's ṡ sign flipped
    expect(lossOf(objective, field(0), batch, 9)).toBeGreaterThan(optimal + 0.1); // no bridge-noise term
    expect(lossOf(objective, shifted(field(1), [0.3, 0.4]), batch, 9)).toBeGreaterThan(optimal + 0.2);
    batch.dispose();
  });

  it('rejects σ ≤ 0', () => {
    expectInvalidArgument(() => schrodingerBridgeFlowMatching({ sigma: 0 }), InvalidArgumentError, 'options.sigma');
  });
});
