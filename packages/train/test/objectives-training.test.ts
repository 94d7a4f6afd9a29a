import { initBackend } from '@gen/core';
import { VPSDE } from '@gen/sde';
import { beforeAll, describe, expect, it } from 'vitest';
import { toyDataset } from '../src/data/index.js';
import { mlpVectorField } from '../src/models/index.js';
import {
  conditionalFlowMatching,
  denoisingScoreMatching,
  maximumLikelihood,
  type Objective,
  otConditionalFlowMatching,
  rectifiedFlow,
  schrodingerBridgeFlowMatching,
} from '../src/objectives/index.js';
import { train } from '../src/trainer.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

// Each objective trains a 2×32 MLP on moons for a bounded number of updates (fixed seeds). The bar is the ratio of the
// mean loss over the last 20 updates to that over the first 20. Independent coupling (cfm, rectified flow) keeps a
// large irreducible loss (the variance of z − x given x_t), so its ratio can only fall so far (measured 0.88).
const CASES: [string, () => Objective, number, number][] = [
  ['cfm', () => conditionalFlowMatching(), 150, 0.92],
  ['ot-cfm', () => otConditionalFlowMatching(), 150, 0.5],
  ['sb-cfm', () => schrodingerBridgeFlowMatching({ sigma: 1 }), 100, 0.8],
  ['rectified-flow', () => rectifiedFlow(), 150, 0.92],
  ['dsm (VP, ε-prediction)', () => denoisingScoreMatching({ process: new VPSDE(), tEnd: 1e-3 }), 150, 0.8],
  ['maximum likelihood (Hutchinson, rk4 × 4)', () => maximumLikelihood({ method: 'rk4', steps: 4 }), 60, 0.95],
];

describe('every objective trains: the loss falls within a bounded number of updates', () => {
  for (const [name, make, steps, bar] of CASES) {
    it(`${name}: last-20 mean loss < ${bar} × first-20 mean within ${steps} updates`, async () => {
      const model = mlpVectorField({ dim: 2, hidden: [32, 32], seed: 5 });
      const { losses } = await train({
        model,
        data: toyDataset('moons'),
        objective: make(),
        steps,
        batchSize: 128,
        lr: 5e-3,
        seed: 6,
      });
      model.dispose();
      const ratio = mean(losses.slice(-20)) / mean(losses.slice(0, 20));
      expect(ratio, `loss ratio ${ratio.toFixed(3)}`).toBeLessThan(bar);
    });
  }
});
