import { InvalidArgumentError, initBackend, Rng } from '@gen/core';
import { expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import { sample } from '@gen/ode';
import { VPSDE } from '@gen/sde';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { conditionalField, guidedField } from '../../src/conditioning/index.js';
import { type UnetVectorFieldOptions, unetVectorField } from '../../src/models/index.js';
import {
  conditionalFlowMatching,
  denoisingScoreMatching,
  maximumLikelihood,
  type Objective,
  otConditionalFlowMatching,
} from '../../src/objectives/index.js';
import type { TrainableField } from '../../src/types.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** A tiny class-conditional U-Net with heavy dropout in every res block. */
const DROPPY: UnetVectorFieldOptions = {
  imageShape: [8, 8, 1],
  baseChannels: 8,
  channelMultipliers: [1, 2],
  attentionResolutions: [4],
  groups: 4,
  dropout: 0.5,
  classes: 3,
  seed: 3,
};

function images(n: number, seed: number): tf.Tensor4D {
  const values = Float32Array.from(new Rng(seed).fillNormal(new Float64Array(n * 64)));
  return tf.tensor4d(values, [n, 8, 8, 1]);
}

function take(tensor: tf.Tensor): Float32Array {
  const values = tensor.dataSync() as Float32Array;
  tensor.dispose();
  return values;
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i += 1) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

/** The model with every `forwardTimes` call forced to the evaluation pass (options dropped). */
function evaluationOnly(model: TrainableField): TrainableField {
  const field = (t: number, x: tf.Tensor) => model(t, x);
  return Object.assign(field, {
    variables: model.variables,
    ...(model.classes === undefined ? {} : { classes: model.classes }),
    forwardTimes: (t: tf.Tensor, x: tf.Tensor, labels?: tf.Tensor) => model.forwardTimes(t, x, labels),
  });
}

describe('U-Net dropout runs only in training passes', () => {
  it('evaluation passes are bit-equal and equal the field; training passes draw fresh seeded masks', async () => {
    const model = unetVectorField(DROPPY);
    const x = images(2, 11);
    const t = tf.fill([2], 0.5);
    const labels = tf.tensor1d([0, 3], 'int32');
    const first = take(await expectNoLeaks(() => model.forwardTimes(t, x, labels)));
    const second = take(model.forwardTimes(t, x, labels, { training: false }));
    expect(second).toEqual(first);
    // Unlabelled evaluation is the field itself (label K), bit for bit.
    expect(take(model.forwardTimes(t, x))).toEqual(take(model(0.5, x)));
    const trained = take(await expectNoLeaks(() => model.forwardTimes(t, x, labels, { training: true })));
    const again = take(model.forwardTimes(t, x, labels, { training: true }));
    // p = 0.5 zeroes about half of every res block's activations: outputs move by O(1), far above rounding.
    expect(maxAbsDifference(trained, first)).toBeGreaterThan(1e-2);
    expect(maxAbsDifference(again, trained)).toBeGreaterThan(1e-2);
    // The c-th training pass uses deriveSeed(seed, 1, c): a fresh model with the same seed repeats both, and
    // evaluation passes in between do not advance c.
    const twin = unetVectorField(DROPPY);
    take(twin.forwardTimes(t, x, labels));
    expect(take(twin.forwardTimes(t, x, labels, { training: true }))).toEqual(trained);
    take(twin(0.2, x));
    expect(take(twin.forwardTimes(t, x, labels, { training: true }))).toEqual(again);
    tf.dispose([x, t, labels]);
    model.dispose();
    twin.dispose();
  });

  it('rejects options that are not { training?: boolean }', () => {
    const model = unetVectorField(DROPPY);
    const x = images(1, 2);
    const t = tf.fill([1], 0.5);
    const bad = (options: unknown) => () => model.forwardTimes(t, x, undefined, options as { training?: boolean });
    expectInvalidArgument(bad({ training: 'yes' }), InvalidArgumentError, 'options.training');
    expectInvalidArgument(bad(1), InvalidArgumentError, 'options');
    tf.dispose([x, t]);
    model.dispose();
  });

  it('conditional and guided sampling of a dropout model is deterministic', async () => {
    const model = unetVectorField(DROPPY);
    const labels = [0, 2, 1];
    const run = async (field: Parameters<typeof sample>[0]) => {
      const z = images(3, 5);
      const { x } = await sample(field, z, { method: 'rk4', steps: 3 });
      z.dispose();
      return take(x);
    };
    const guided = guidedField(model, { labels, guidance: 2 });
    const once = await run(guided);
    expect(await run(guided)).toEqual(once);
    const conditional = conditionalField(model, labels);
    expect(await run(conditional)).toEqual(await run(conditional));
    // Guidance still acts: w = 2 moves the samples away from the conditional ones.
    expect(maxAbsDifference(once, await run(conditional))).toBeGreaterThan(1e-3);
    model.dispose();
  });

  it.each([
    ['cfm', conditionalFlowMatching()],
    ['ot-cfm', otConditionalFlowMatching()],
    ['dsm', denoisingScoreMatching({ process: new VPSDE() })],
  ] as [string, Objective][])(
    '%s trains with dropout: its loss differs from the evaluation-pass loss',
    (_, objective) => {
      const batch = images(4, 7);
      const labels = tf.tensor1d([0, 1, 2, 3], 'int32');
      const lossOf = (model: TrainableField) => tf.tidy(() => objective.loss(model, batch, 9, labels).dataSync()[0]);
      const droppy = unetVectorField(DROPPY);
      const withDropout = lossOf(droppy) as number;
      const evaluated = lossOf(evaluationOnly(droppy)) as number;
      expect(Math.abs(withDropout - evaluated)).toBeGreaterThan(1e-3 * evaluated);
      // Control: without dropout the training pass is the evaluation pass, to the bit.
      const plain = unetVectorField({ ...DROPPY, dropout: 0 });
      expect(lossOf(plain)).toBe(lossOf(evaluationOnly(plain)));
      tf.dispose([batch, labels]);
      droppy.dispose();
      plain.dispose();
    },
  );

  it('maximum likelihood evaluates the model deterministically: equal losses on repeated calls', () => {
    const objective = maximumLikelihood({ method: 'euler', steps: 2 });
    const batch = images(2, 8);
    const { classes: _classes, ...unconditional } = DROPPY;
    const model = unetVectorField(unconditional);
    const loss = () => tf.tidy(() => objective.loss(model, batch, 1).dataSync()[0]);
    expect(loss()).toBe(loss());
    batch.dispose();
    model.dispose();
  });
});
