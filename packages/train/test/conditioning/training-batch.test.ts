import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveSeed, InvalidArgumentError, initBackend, Rng, type Seed } from '@gen/core';
import { expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { conditionalFlowMatching, type Objective } from '../../src/objectives/index.js';
import { Adam } from '../../src/optim/adam.js';
import { type TrainStepOptions, trainStep } from '../../src/train-step.js';
import { type TrainOptions, train } from '../../src/trainer.js';
import type { TrainableField } from '../../src/types.js';
import { conditionalLinearField } from '../fixtures/conditional-field.js';
import { labelledBlobs } from '../fixtures/labelled-data.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const SHAPE = [2, 2, 1];
const K = 3;

/** An objective that records the batches and labels it gets: loss mean ‖u(0, x | c)‖². */
function recordingObjective() {
  const calls: { x: number[]; labels: number[] | undefined }[] = [];
  const objective: Objective = {
    name: 'recording',
    loss(model: TrainableField, batch: tf.Tensor, _seed: Seed, labels?: tf.Tensor) {
      calls.push({ x: Array.from(batch.dataSync()), labels: labels && Array.from(labels.dataSync()) });
      return tf.tidy(() => tf.mean(tf.square(model.forwardTimes(tf.zeros([batch.shape[0] as number]), batch, labels))));
    },
  };
  return { objective, calls };
}

/** One trainStep with a fresh Adam. */
function step(options: Omit<TrainStepOptions, 'adam' | 'learningRate'>): number {
  const adam = new Adam([...options.model.variables]);
  try {
    return trainStep({ ...options, adam, learningRate: 1e-2 });
  } finally {
    adam.dispose();
  }
}

describe('trainStep with labelled data', () => {
  it('gives a class-conditional model the data’s labelled batch of update k (the same x as data.sample)', async () => {
    const data = labelledBlobs(K, SHAPE);
    const model = conditionalLinearField(SHAPE, K);
    const { objective, calls } = recordingObjective();
    await expectNoLeaks(() => step({ model, data, objective, step: 5, batchSize: 16, seed: 7 }));
    const expected = data.sampleLabelled(16, deriveSeed(7, 5, 0));
    expect(calls[0]?.labels).toEqual(Array.from(expected.labels.dataSync()));
    expect(calls[0]?.x).toEqual(Array.from(expected.x.dataSync()));
    expect(new Set(calls[0]?.labels).size).toBe(K);
    tf.dispose([expected.x, expected.labels]);
    model.dispose();
  });

  it('drops each label to K with probability p, from deriveSeed(seed, k, 2): frequency within 4σ, reproducible', () => {
    const data = labelledBlobs(K, SHAPE);
    const model = conditionalLinearField(SHAPE, K);
    const { objective, calls } = recordingObjective();
    const [p, n, seed, updates] = [0.25, 400, 2, 5];
    for (let k = 0; k < updates; k += 1) {
      step({ model, data, objective, step: k, batchSize: n, seed, labelDropout: p });
    }
    let dropped = 0;
    for (let k = 0; k < updates; k += 1) {
      const original = data.sampleLabelled(n, deriveSeed(seed, k, 0));
      const labels = Array.from(original.labels.dataSync());
      tf.dispose([original.x, original.labels]);
      const rng = new Rng(deriveSeed(seed, k, 2));
      const expected = labels.map((c) => (rng.uniform() < p ? K : c));
      expect(calls[k]?.labels).toEqual(expected);
      dropped += expected.filter((c) => c === K).length;
    }
    // Binomial(2000, 0.25): mean 500, σ = √(2000·0.25·0.75) ≈ 19.4.
    const total = n * updates;
    expect(Math.abs(dropped - p * total)).toBeLessThan(4 * Math.sqrt(total * p * (1 - p)));
    // The same update again drops the same labels.
    step({ model, data, objective, step: 3, batchSize: n, seed, labelDropout: p });
    expect(calls.at(-1)?.labels).toEqual(calls[3]?.labels);
    model.dispose();
  });

  it('trains an unconditional model on the points of labelled data alone (the labels are not passed)', () => {
    const data = labelledBlobs(K, SHAPE);
    const model = conditionalLinearField(SHAPE, undefined);
    const { objective, calls } = recordingObjective();
    step({ model, data, objective, step: 1, batchSize: 8, seed: 0 });
    const x = data.sample(8, deriveSeed(0, 1, 0));
    expect(calls[0]).toEqual({ x: Array.from(x.dataSync()), labels: undefined });
    x.dispose();
    model.dispose();
  });

  it('refuses unlabelled data or another K for a conditional model, and bad label dropout, naming each', async () => {
    const conditional = conditionalLinearField(SHAPE, K);
    const unconditional = conditionalLinearField(SHAPE, undefined);
    const unlabelled = { name: 'points', dim: 4, shape: SHAPE, sample: (n: number) => tf.zeros([n, ...SHAPE]) };
    const { objective, calls } = recordingObjective();
    const common = { objective, step: 0, batchSize: 4, seed: 0 };
    const cases: [TrainableField, Omit<TrainStepOptions, 'adam' | 'learningRate'>, string][] = [
      [conditional, { ...common, model: conditional, data: unlabelled }, 'options.data'],
      [conditional, { ...common, model: conditional, data: labelledBlobs(K + 1, SHAPE) }, 'options.data'],
      [conditional, { ...common, model: conditional, data: labelledBlobs(K), labelDropout: 1 }, 'options.labelDropout'],
      [
        conditional,
        { ...common, model: conditional, data: labelledBlobs(K), labelDropout: -0.1 },
        'options.labelDropout',
      ],
      [
        conditional,
        { ...common, model: conditional, data: labelledBlobs(K), labelDropout: Number.NaN },
        'options.labelDropout',
      ],
      [
        unconditional,
        { ...common, model: unconditional, data: labelledBlobs(K), labelDropout: 0.1 },
        'options.labelDropout',
      ],
    ];
    for (const [, options, parameter] of cases) {
      await expectNoLeaks(() => expectInvalidArgument(() => step(options), InvalidArgumentError, parameter));
      const error = await train({ ...options, steps: 3 } as TrainOptions).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error) && error.parameter).toBe(parameter);
    }
    expect(calls).toHaveLength(0);
    conditional.dispose();
    unconditional.dispose();
  });
});

describe('train with labelled data', () => {
  it('is deterministic with label dropout, and a resumed run equals the uninterrupted one bit for bit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-cond-'));
    const base = {
      data: labelledBlobs(K, SHAPE),
      objective: conditionalFlowMatching(),
      steps: 12,
      batchSize: 32,
      lr: 0.02,
      seed: 5,
      labelDropout: 0.3,
    };
    const weights = (m: TrainableField) => m.variables.flatMap((v) => Array.from(v.dataSync()));
    const straight = conditionalLinearField(SHAPE, K);
    const full = await expectNoLeaks(() => train({ ...base, model: straight }));
    const crashed = conditionalLinearField(SHAPE, K);
    const crash = await train({
      ...base,
      model: crashed,
      checkpointEvery: 4,
      checkpointDir: dir,
      onProgress: ({ step }) => {
        if (step === 7) throw new Error('simulated crash');
      },
    }).catch((e: unknown) => e);
    expect((crash as Error).message).toBe('simulated crash');
    const resumed = conditionalLinearField(SHAPE, K);
    const resumedRun = await train({ ...base, model: resumed, resumeFrom: dir });
    expect(resumedRun.losses).toEqual(full.losses);
    expect(weights(resumed)).toEqual(weights(straight));
    // The dropout matters: without it the same seed gives other losses.
    const plain = conditionalLinearField(SHAPE, K);
    const without = await train({ ...base, model: plain, labelDropout: 0 });
    expect(without.losses).not.toEqual(full.losses);
    for (const m of [straight, crashed, resumed, plain]) m.dispose();
  });
});
