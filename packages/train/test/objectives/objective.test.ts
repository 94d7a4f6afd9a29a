import { InvalidArgumentError, initBackend, Rng, ShapeError } from '@gen/core';
import { expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import { SubVPSDE, VESDE, VPSDE } from '@gen/sde';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toyDataset } from '../../src/data/index.js';
import {
  conditionalFlowMatching,
  denoisingScoreMatching,
  maximumLikelihood,
  type Objective,
  otConditionalFlowMatching,
  type ReflowPairs,
  rectifiedFlow,
  reflow,
  reflowPairs,
  schrodingerBridgeFlowMatching,
} from '../../src/objectives/index.js';
import type { TrainableField } from '../../src/types.js';
import { lossOf, value } from '../support/objective-loss.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** A test-only 2-layer tanh MLP u(t, x) = W₂·tanh(W₁·[x, t] + b₁) + b₂ with seeded weights. */
function tinyMlp(dim: number, hidden = 16, seed = 0): TrainableField & { dispose(): void } {
  const rng = new Rng(seed);
  const weight = (rows: number, cols: number) =>
    tf.variable(
      tf.tensor2d(
        Float32Array.from({ length: rows * cols }, () => rng.normal() / Math.sqrt(rows)),
        [rows, cols],
      ),
    );
  const variables = [
    weight(dim + 1, hidden),
    tf.variable(tf.zeros([hidden])),
    weight(hidden, dim),
    tf.variable(tf.zeros([dim])),
  ];
  const [w1, b1, w2, b2] = variables as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const forwardTimes = (t: tf.Tensor, x: tf.Tensor) =>
    tf.tidy(() => {
      const input = tf.concat([x, tf.reshape(t, [-1, 1])], 1);
      return tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(input, w1), b1)), w2), b2);
    });
  const field = (t: number, x: tf.Tensor) => tf.tidy(() => forwardTimes(tf.fill([x.shape[0] as number], t), x));
  return Object.assign(field, { variables, forwardTimes, dispose: () => tf.dispose(variables) });
}

describe('every objective', () => {
  const mlp = tinyMlp(2);
  const batch = toyDataset('moons').sample(64, 1);
  let pairs: ReflowPairs;
  beforeAll(async () => {
    pairs = await reflowPairs(mlp, 128, 5, { dim: 2, method: 'rk4', steps: 4 });
  });
  afterAll(() => {
    tf.dispose(batch);
    pairs.dispose();
    mlp.dispose();
  });

  /** Label, objective, and whether the loss depends on the seed (the exact likelihood does not). */
  const cases: [string, () => Objective, boolean][] = [
    ['cfm', () => conditionalFlowMatching(), true],
    ['cfm σ_min = 0.01', () => conditionalFlowMatching({ sigmaMin: 0.01 }), true],
    ['rectified flow', () => rectifiedFlow(), true],
    ['ot-cfm', () => otConditionalFlowMatching(), true],
    ['ot-cfm σ = 0.1', () => otConditionalFlowMatching({ sigma: 0.1 }), true],
    ['sb-cfm σ = 1', () => schrodingerBridgeFlowMatching({ sigma: 1 }), true],
    ['reflow', () => reflow(pairs), true],
    ['dsm vp', () => denoisingScoreMatching({ process: new VPSDE() }), true],
    [
      'dsm sub-vp, likelihood weighting',
      () => denoisingScoreMatching({ process: new SubVPSDE(), likelihoodWeighting: true }),
      true,
    ],
    ['dsm ve', () => denoisingScoreMatching({ process: new VESDE() }), true],
    ['maximum likelihood, hutchinson, rk4', () => maximumLikelihood({ method: 'rk4', steps: 4 }), true],
    [
      'maximum likelihood, exact, dopri5',
      () => maximumLikelihood({ divergence: 'exact', rtol: 1e-4, atol: 1e-4 }),
      false,
    ],
  ];

  it.each(cases)('%s: a finite, seeded, leak-free scalar with leak-free gradients', async (_label, make, seeded) => {
    const objective = make();
    const loss = await expectNoLeaks(() => objective.loss(mlp, batch, 7));
    expect([loss.rank, loss.dtype]).toEqual([0, 'float32']);
    const first = value(loss);
    expect(Number.isFinite(first)).toBe(true);
    expect(lossOf(objective, mlp, batch, 7)).toBe(first);
    if (seeded) expect(lossOf(objective, mlp, batch, 8)).not.toBe(first);
    else expect(lossOf(objective, mlp, batch, 8)).toBe(first);
    const { value: v, grads } = await expectNoLeaks(() =>
      tf.variableGrads(() => objective.loss(mlp, batch, 7), [...mlp.variables]),
    );
    expect(v.dataSync()[0]).toBeCloseTo(first, 5);
    for (const variable of mlp.variables) {
      const g = grads[variable.name]?.dataSync() ?? [];
      expect(g.length).toBe(variable.size);
      expect(Array.from(g).every(Number.isFinite)).toBe(true);
    }
    expect(Array.from(grads[mlp.variables[0]?.name as string]?.dataSync() ?? []).some((g) => g !== 0)).toBe(true);
    tf.dispose([v, ...Object.values(grads)]);
  });

  it('rectified flow is CFM with σ_min = 0 under another name', () => {
    expect([rectifiedFlow().name, conditionalFlowMatching().name]).toEqual(['rectified-flow', 'cfm']);
    expect(lossOf(rectifiedFlow(), mlp, batch, 3)).toBe(lossOf(conditionalFlowMatching(), mlp, batch, 3));
  });

  it('rejects a bad model, batch or seed, naming it', () => {
    const objective = conditionalFlowMatching();
    const vector = tf.tensor1d([1, 2]);
    const ints = tf.tensor2d([[1, 2]], [1, 2], 'int32');
    expectInvalidArgument(() => objective.loss({} as TrainableField, batch, 0), InvalidArgumentError, 'model');
    expectInvalidArgument(() => objective.loss(mlp, vector, 0), ShapeError, 'batch');
    expectInvalidArgument(() => objective.loss(mlp, ints, 0), InvalidArgumentError, 'batch');
    expectInvalidArgument(() => objective.loss(mlp, batch, -1), InvalidArgumentError, 'seed');
    tf.dispose([vector, ints]);
  });
});
