import {
  deriveSeed,
  InvalidArgumentError,
  initBackend,
  minibatchOtPairing,
  Rng,
  randomNormal,
  ShapeError,
} from '@gen/core';
import { centralDifferenceGradient, expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import { sample } from '@gen/ode';
import { VPSDE } from '@gen/sde';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionalField } from '../../src/conditioning/index.js';
import {
  conditionalFlowMatching,
  denoisingScoreMatching,
  maximumLikelihood,
  type Objective,
  otConditionalFlowMatching,
  rectifiedFlow,
  reflow,
  reflowPairs,
  schrodingerBridgeFlowMatching,
} from '../../src/objectives/index.js';
import { conditionalLinearField } from '../fixtures/conditional-field.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const IMAGE = [2, 3, 1];
const K = 2;
const N = 4;

const OBJECTIVES: [string, () => Objective][] = [
  ['cfm', () => conditionalFlowMatching({ sigmaMin: 0.01 })],
  ['rectified-flow', () => rectifiedFlow()],
  ['ot-cfm', () => otConditionalFlowMatching({ sigma: 0.1 })],
  ['sb-cfm', () => schrodingerBridgeFlowMatching({ sigma: 0.5 })],
  ['dsm', () => denoisingScoreMatching({ process: new VPSDE(), likelihoodWeighting: true, tEnd: 0.01 })],
  ['maximum-likelihood', () => maximumLikelihood({ method: 'rk4', steps: 2 })],
];

const batch = randomNormal([N, ...IMAGE], 11);
const rows = tf.reshape(batch, [N, 6]);
afterAll(() => tf.dispose([batch, rows]));

/** A host number from a scalar loss, disposing it. */
function read(loss: tf.Scalar): number {
  const value = loss.dataSync()[0] as number;
  loss.dispose();
  return value;
}

describe.each(OBJECTIVES)('%s on an image batch [4, 2, 3, 1] with labels', (_name, create) => {
  it('equals the loss of the same batch as rows [4, 6], with gradients that match central differences', async () => {
    const objective = create();
    const image = conditionalLinearField(IMAGE, K, 1);
    const flat = conditionalLinearField([6], K, 1);
    const labels = tf.tensor1d([0, 2, 1, 2], 'int32');
    const onImages = read(await expectNoLeaks(() => objective.loss(image, batch, 5, labels)));
    const onRows = read(objective.loss(flat, rows, 5, labels));
    expect(Number.isFinite(onImages)).toBe(true);
    expect(Math.abs(onImages - onRows)).toBeLessThanOrEqual(1e-6 * Math.abs(onRows));

    const { value, grads } = await expectNoLeaks(() =>
      tf.variableGrads(() => objective.loss(image, batch, 5, labels), [...image.variables]),
    );
    const backprop = image.variables.flatMap((v) => Array.from((grads[v.name] as tf.Tensor).dataSync()));
    const numeric = centralDifferenceGradient(
      () => read(objective.loss(image, batch, 5, labels)),
      [...image.variables],
    );
    expect(backprop).toHaveLength(1 + 6 + 3 * 6);
    for (const [i, g] of backprop.entries()) {
      expect(Math.abs(g - (numeric[i] as number))).toBeLessThanOrEqual(2e-3 * Math.max(1, Math.abs(g)));
    }
    tf.dispose([value, labels, ...Object.values(grads)]);
    image.dispose();
    flat.dispose();
  });

  it('passes the labels to the model: only the rows of β of the labels used get a gradient', () => {
    const objective = create();
    const model = conditionalLinearField(IMAGE, K, 2);
    const labels = tf.tensor1d([1, 1, 1, 1], 'int32');
    const { value, grads } = tf.variableGrads(() => objective.loss(model, batch, 3, labels), [...model.variables]);
    const beta = (grads[(model.variables[2] as tf.Variable).name] as tf.Tensor).arraySync() as number[][];
    expect(beta[0]?.every((g) => g === 0)).toBe(true);
    expect(beta[2]?.every((g) => g === 0)).toBe(true);
    expect(beta[1]?.some((g) => Math.abs(g) > 1e-3)).toBe(true);
    expect(model.seen.length).toBeGreaterThan(0);
    expect(model.seen.every((used) => used.every((c) => c === 1))).toBe(true);
    // Without labels the model is evaluated unconditionally (label K).
    model.seen.length = 0;
    read(objective.loss(model, batch, 3));
    expect(model.seen.every((used) => used.length === N && used.every((c) => c === K))).toBe(true);
    tf.dispose([value, labels, ...Object.values(grads)]);
    model.dispose();
  });

  it('refuses bad labels with typed errors naming "labels", leaking nothing', async () => {
    const objective = create();
    const conditional = conditionalLinearField(IMAGE, K);
    const unconditional = conditionalLinearField(IMAGE, undefined);
    const good = tf.tensor1d([0, 1, 2, 0], 'int32');
    const cases: [() => unknown, { readonly kind: string }][] = [
      [() => objective.loss(unconditional, batch, 0, good), InvalidArgumentError],
      [() => objective.loss(conditional, batch, 0, tf.tensor1d([0, 1, 2, 0])), InvalidArgumentError],
      [() => objective.loss(conditional, batch, 0, tf.tensor1d([0, 1, 2], 'int32')), ShapeError],
      [() => objective.loss(conditional, batch, 0, tf.tensor1d([0, 1, 3, 0], 'int32')), InvalidArgumentError],
      [() => objective.loss(conditional, batch, 0, tf.tensor1d([0, -1, 2, 0], 'int32')), InvalidArgumentError],
      [() => objective.loss(conditional, batch, 0, tf.tensor2d([[0, 1, 2, 0]], [1, 4], 'int32')), ShapeError],
    ];
    for (const [call, kind] of cases) {
      await expectNoLeaks(() =>
        tf.tidy(() => {
          expectInvalidArgument(call, kind, 'labels');
        }),
      );
    }
    expectInvalidArgument(() => objective.loss(conditional, tf.zeros([N]), 0), ShapeError, 'batch');
    tf.dispose(good);
    conditional.dispose();
    unconditional.dispose();
  });
});

describe('cfm with labels', () => {
  it('equals the hand-computed mean of ‖u(tᵢ, x_tᵢ | cᵢ) − (zᵢ − xᵢ)‖² for the seed’s times and noise', () => {
    const model = conditionalLinearField(IMAGE, K, 4);
    const labels = [2, 0, 1, 0];
    const seed = 9;
    const loss = read(conditionalFlowMatching().loss(model, batch, seed, tf.tensor1d(labels, 'int32')));
    // The seed's streams: times from Rng(deriveSeed(seed, 0)), z = randomNormal(shape, deriveSeed(seed, 1)).
    const rng = new Rng(deriveSeed(seed, 0));
    const times = Array.from({ length: N }, () => Math.fround(rng.uniform()));
    const z = randomNormal([N, ...IMAGE], deriveSeed(seed, 1));
    const [zs, xs] = [z.dataSync(), batch.dataSync()];
    z.dispose();
    const { a, b, beta } = model.parameters();
    let sum = 0;
    for (let i = 0; i < N; i += 1) {
      const t = times[i] as number;
      for (let j = 0; j < 6; j += 1) {
        const [x, e] = [xs[i * 6 + j] as number, zs[i * 6 + j] as number];
        const xt = (1 - t) * x + t * e;
        const u = a * xt + t * (b[j] as number) + (beta[(labels[i] as number) * 6 + j] as number);
        sum += (u - (e - x)) ** 2;
      }
    }
    expect(Math.abs(loss - sum / N)).toBeLessThanOrEqual(1e-5 * (sum / N));
    model.dispose();
  });
});

describe('sb-cfm with labels', () => {
  it('gives each data row drawn from the entropic plan its own label', () => {
    const sigma = 0.5;
    const seed = 6;
    const model = conditionalLinearField(IMAGE, 3);
    const labels = [0, 1, 2, 3];
    read(schrodingerBridgeFlowMatching({ sigma }).loss(model, batch, seed, tf.tensor1d(labels, 'int32')));
    // The rows the loss drew: the plan between the batch and its noise (streams 1 and 3 of the seed).
    const z = randomNormal([N, 6], deriveSeed(seed, 1));
    const { source } = minibatchOtPairing(rows, z, {
      method: 'sinkhorn',
      epsilon: 2 * sigma ** 2,
      seed: deriveSeed(seed, 3),
    });
    z.dispose();
    expect(new Set(source).size).toBeGreaterThan(1);
    expect(model.seen.at(-1)).toEqual(Array.from(source, (i) => labels[i]));
    model.dispose();
  });
});

describe('reflow on an image batch', () => {
  it('regresses on the pairs in the batch’s shape and refuses labels (pairs carry none)', async () => {
    const x = randomNormal([8, 6], 1);
    const z = randomNormal([8, 6], 2);
    const objective = reflow({ x, z, dispose: () => tf.dispose([x, z]) });
    const image = conditionalLinearField(IMAGE, K, 1);
    const flat = conditionalLinearField([6], K, 1);
    const onImages = read(await expectNoLeaks(() => objective.loss(image, batch, 4)));
    expect(onImages).toBeCloseTo(read(objective.loss(flat, rows, 4)), 5);
    expect(image.seen.at(-1)).toEqual([K, K, K, K]);
    const labels = tf.tensor1d([0, 0, 0, 0], 'int32');
    await expectNoLeaks(() =>
      expectInvalidArgument(() => objective.loss(image, batch, 4, labels), InvalidArgumentError, 'labels'),
    );
    tf.dispose([x, z, labels]);
    image.dispose();
    flat.dispose();
  });
});

describe('conditional reflow', () => {
  it('generates each pair with its class and trains on the pairs’ labels, not the batch’s', async () => {
    const teacher = conditionalLinearField([3], K, 7);
    const labels = [0, 2, 1, 2, 0, 1];
    const pairs = await expectNoLeaks(() =>
      reflowPairs(teacher, labels.length, 3, { dim: 3, labels, method: 'rk4', steps: 10 }),
    );
    expect(Array.from(pairs.labels?.dataSync() ?? [])).toEqual(labels);
    // x is the conditional flow of z: the same as sampling conditionalField(teacher, labels) from z.
    const { x } = await sample(conditionalField(teacher, labels), pairs.z, { method: 'rk4', steps: 10 });
    expect(Array.from(pairs.x.dataSync())).toEqual(Array.from(x.dataSync()));
    x.dispose();

    const student = conditionalLinearField([3], K, 8);
    const points = randomNormal([4, 3], 1);
    const batchLabels = tf.tensor1d([1, 1, 1, 1], 'int32');
    const seed = 12;
    read(await expectNoLeaks(() => reflow(pairs).loss(student, points, seed, batchLabels)));
    // The loss drew pairs i with Rng(deriveSeed(seed, 3)).integer(M) and gave the model their labels.
    const rng = new Rng(deriveSeed(seed, 3));
    const picked = Array.from({ length: 4 }, () => labels[rng.integer(labels.length)]);
    expect(student.seen.at(-1)).toEqual(picked);
    // Labelled pairs for a model without classes, and labels for unlabelled pairs, are refused.
    const unconditional = conditionalLinearField([3], undefined);
    expectInvalidArgument(() => reflow(pairs).loss(unconditional, points, seed), InvalidArgumentError, 'pairs.labels');
    await expect(reflowPairs(unconditional, 6, 3, { dim: 3, labels })).rejects.toMatchObject({ parameter: 'model' });
    await expect(reflowPairs(teacher, 5, 3, { dim: 3, labels })).rejects.toMatchObject({ parameter: 'labels' });
    await expect(reflowPairs(teacher, 1, 3, { dim: 3, labels: [3] })).rejects.toMatchObject({ parameter: 'labels' });
    pairs.dispose();
    expect(pairs.labels?.isDisposed).toBe(true);
    tf.dispose([points, batchLabels]);
    for (const m of [teacher, student, unconditional]) m.dispose();
  });
});
