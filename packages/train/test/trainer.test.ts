import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, initBackend, NumericalError } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '../src/optim/adam.js';
import { Ema } from '../src/optim/ema.js';
import { trainStep } from '../src/train-step.js';
import { assignWeights, train } from '../src/trainer.js';
import type { TrainableField } from '../src/types.js';
import { gaussianData, linearField, regressionObjective } from './fixtures/linear-field.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const base = { data: gaussianData, objective: regressionObjective, batchSize: 64, lr: 0.05, seed: 3 };

async function weightsOf(model: { variables: readonly tf.Variable[] }): Promise<number[]> {
  const values = await Promise.all(model.variables.map((v) => v.data()));
  return values.flatMap((v) => Array.from(v));
}

describe('train', () => {
  it('drives the loss down to the known minimum (0) and reports progress', async () => {
    const model = linearField();
    const progress: [number, number][] = [];
    const result = await expectNoLeaks(() =>
      train({
        ...base,
        model,
        steps: 300,
        onProgress: ({ step, loss }) => {
          progress.push([step, loss]);
        },
      }),
    );
    expect(result.losses).toHaveLength(300);
    expect(result.losses.at(-1)).toBeLessThan(1e-3 * (result.losses[0] as number));
    // Called after every update, with that update's loss.
    expect(progress).toEqual(result.losses.map((loss, i) => [i + 1, loss]));
    const [w00, w01, w10, w11] = await weightsOf(model);
    expect([w00, w01, w10, w11].map((v) => Math.round((v as number) * 100) / 100)).toEqual([-1, 0.5, -0.5, -1]);
    model.dispose();
  });

  it('is deterministic for a seed, and resuming from a checkpoint equals the uninterrupted run bit for bit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-train-'));
    const straight = linearField();
    const full = await train({ ...base, model: straight, steps: 40, ema: 0.9, schedule: 'cosine' });
    const again = linearField();
    const repeat = await train({ ...base, model: again, steps: 40, ema: 0.9, schedule: 'cosine' });
    expect(repeat.losses).toEqual(full.losses);

    // A run of the same 40 updates that crashes after update 31, with a checkpoint every 10 (the last at 30)…
    const crashed = linearField();
    const crash = await train({
      ...base,
      model: crashed,
      steps: 40,
      ema: 0.9,
      schedule: 'cosine',
      checkpointEvery: 10,
      checkpointDir: dir,
      onProgress: ({ step }) => {
        if (step === 31) throw new Error('simulated crash');
      },
    }).catch((e: unknown) => e);
    expect((crash as Error).message).toBe('simulated crash');
    // …resumed into a fresh model, finishes exactly like the uninterrupted run.
    const b = linearField();
    const resumedRun = await expectNoLeaks(() =>
      train({ ...base, model: b, steps: 40, ema: 0.9, schedule: 'cosine', resumeFrom: dir }),
    );
    expect(resumedRun.losses).toEqual(full.losses);
    expect(await weightsOf(b)).toEqual(await weightsOf(straight));
    expect(resumedRun.emaWeights?.map((w) => Array.from(w))).toEqual(full.emaWeights?.map((w) => Array.from(w)));
    for (const m of [straight, again, crashed, b]) m.dispose();
  });

  it('keeps an EMA of the weights and clips gradients: the same as clipped trainStep updates and Ema by hand', async () => {
    const unclippedSettings = { ...base, steps: 20, lr: 0.1 };
    const settings = { ...unclippedSettings, gradClip: 1e-3 };
    const model = linearField();
    const result = await train({ ...settings, model, ema: 0.5 });
    // The same 20 updates by hand: clipped gradients, then the EMA (decay 0.5 after its warm-up).
    const byHand = linearField();
    const adam = new Adam([...byHand.variables]);
    const ema = new Ema([...byHand.variables], 0.5);
    await expectNoLeaks(async () => {
      for (let step = 0; step < settings.steps; step += 1) {
        trainStep({ ...settings, model: byHand, adam, step, learningRate: settings.lr });
        ema.update();
      }
    });
    expect(await weightsOf(model)).toEqual(await weightsOf(byHand));
    expect(result.emaWeights?.map((w) => Array.from(w))).toEqual(ema.getValues().map((w) => Array.from(w)));
    // Clipping matters here (unclipped, the weights end elsewhere), and the EMA lags the weights.
    const unclipped = linearField();
    await train({ ...unclippedSettings, model: unclipped });
    expect(await weightsOf(unclipped)).not.toEqual(await weightsOf(model));
    const averaged = linearField();
    assignWeights(averaged.variables, result.emaWeights ?? []);
    expect(await weightsOf(averaged)).not.toEqual(await weightsOf(model));
    expect(() => assignWeights(averaged.variables, [new Float32Array(3)])).toThrow(InvalidArgumentError);
    adam.dispose();
    ema.dispose();
    for (const m of [model, byHand, unclipped, averaged]) m.dispose();
  });

  it('stops with a NumericalError naming the update when the loss becomes NaN', async () => {
    const model = linearField();
    const poisoned = {
      name: 'poisoned',
      loss: (m: typeof model, batch: tf.Tensor, seed: number) =>
        tf.tidy(() => tf.mul(regressionObjective.loss(m, batch, seed), seed % 7 === 0 ? Number.NaN : 1) as tf.Scalar),
    };
    const error = await train({ ...base, model, objective: poisoned, steps: 500 }).catch((e: unknown) => e);
    expect(NumericalError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/the loss became NaN at update \d+ of 500/);
    model.dispose();
  });

  it('rejects bad options with errors naming them', async () => {
    const model = linearField();
    await expect(train({ ...base, model, steps: -1 })).rejects.toThrow(
      /"options.steps": expected an integer ≥ 0, received -1/,
    );
    await expect(train({ ...base, model, steps: 1, lr: 0 })).rejects.toThrow(/"options.lr"/);
    await expect(train({ ...base, model, steps: 1, ema: 1 })).rejects.toThrow(/"options.ema"/);
    await expect(train({ ...base, model, steps: 1, checkpointEvery: 5 })).rejects.toThrow(/"options.checkpointDir"/);
    await expect(train({ ...base, model, steps: 1, schedule: 'step' as 'cosine' })).rejects.toThrow(
      /"options.schedule"/,
    );
    await expect(train({ ...base, model, steps: 1, resumeFrom: '/nonexistent/gen' })).rejects.toThrow(/"resumeFrom"/);
    model.dispose();
  });
});

describe('trainStep', () => {
  it('repeated by hand reproduces train() bit for bit: losses and weights', async () => {
    const viaTrain = linearField();
    const { losses } = await train({ ...base, model: viaTrain, steps: 25 });
    const byHand = linearField();
    const adam = new Adam([...byHand.variables]);
    const handLosses = await expectNoLeaks(async () =>
      Array.from({ length: 25 }, (_, step) => trainStep({ ...base, model: byHand, adam, step, learningRate: base.lr })),
    );
    expect(handLosses).toEqual(losses);
    expect(await weightsOf(byHand)).toEqual(await weightsOf(viaTrain));
    adam.dispose();
    viaTrain.dispose();
    byHand.dispose();
  });

  it('returns a non-finite loss without touching the weights or the optimiser', async () => {
    const model = linearField();
    const adam = new Adam([...model.variables]);
    const before = await weightsOf(model);
    const nanLoss = {
      ...regressionObjective,
      loss: (m: TrainableField, batch: tf.Tensor, seed: number) =>
        tf.tidy(() => tf.mul(regressionObjective.loss(m, batch, seed), Number.NaN) as tf.Scalar),
    };
    const loss = trainStep({ ...base, objective: nanLoss, model, adam, step: 0, learningRate: base.lr });
    expect(loss).toBeNaN();
    expect(await weightsOf(model)).toEqual(before);
    expect(adam.step).toBe(0);
    adam.dispose();
    model.dispose();
  });
});
