import { InvalidArgumentError, initBackend } from '@gen/core';
import { expectInvalidArgument } from '@gen/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { toyDataset } from '../../src/data/index.js';
import { conditionalFlowMatching, otConditionalFlowMatching } from '../../src/objectives/index.js';
import { pointData } from '../fixtures/objective-data.js';
import { affineField } from '../fixtures/objective-fields.js';
import { lossOf } from '../support/objective-loss.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('OT-CFM', () => {
  const zero = affineField(() => [0, 0], [0, 0]);

  it('pairs data and noise so that the target second moment E‖z − x‖² drops about 6× on moons', () => {
    // With u ≡ 0 the loss is the batch mean of ‖z − x‖² under each coupling.
    const ratios: number[] = [];
    for (let seed = 0; seed < 4; seed += 1) {
      const batch = toyDataset('moons').sample(256, seed);
      ratios.push(
        lossOf(conditionalFlowMatching(), zero, batch, seed) / lossOf(otConditionalFlowMatching(), zero, batch, seed),
      );
      batch.dispose();
    }
    for (const ratio of ratios) expect(ratio).toBeGreaterThan(4.5);
  });

  it('σ widens x_t but not the target; the exact one-point field still has zero loss', () => {
    const batch = toyDataset('8gaussians').sample(128, 2);
    expect(lossOf(otConditionalFlowMatching({ sigma: 0.3 }), zero, batch, 5)).toBe(
      lossOf(otConditionalFlowMatching(), zero, batch, 5),
    );
    batch.dispose();
    const x0 = [1, 2];
    const point = pointData(256, x0);
    const exact = affineField((t) => [1 / t, -(1 + (1 - t) / t)], x0);
    expect(lossOf(otConditionalFlowMatching(), exact, point, 6)).toBeLessThan(1e-6);
    point.dispose();
  });

  it('rejects a negative σ', () => {
    expectInvalidArgument(() => otConditionalFlowMatching({ sigma: -0.1 }), InvalidArgumentError, 'options.sigma');
  });
});
