import { AffinePath, initBackend, type PredictionType, randomNormal } from '@gen/core';
import { expectClose, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelAdapter, type ModelPrediction, type PredictionTarget } from '../../src/samplers/index.js';
import { PROCESSES } from '../support/gaussian-data.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const PREDICTIONS: readonly ModelPrediction[] = ['noise', 'score'];
const TARGETS: readonly PredictionTarget[] = ['noise', 'score', 'data'];
const TIMES = [1e-3, 0.1, 0.5, 0.9, 1];
const N = 16;

/** The largest absolute difference between two tensors' entries. */
function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  const x = Array.from(a.dataSync());
  const y = Array.from(b.dataSync());
  return x.reduce((worst, value, i) => Math.max(worst, Math.abs(value - (y[i] as number))), 0);
}

describe.each(PROCESSES)('ModelAdapter on $label', ({ process }) => {
  let x: tf.Tensor;
  let output: tf.Tensor;
  const model = () => output.clone();
  beforeAll(() => {
    x = randomNormal([N, 2], 1);
    output = randomNormal([N, 2], 2);
  });
  afterAll(() => tf.dispose([x, output]));

  it.each(PREDICTIONS)(
    "converts a %s model exactly as core's AffinePath.convert on the process's schedule",
    async (prediction) => {
      const path = new AffinePath(process.schedule);
      const adapter = new ModelAdapter(process, model, prediction);
      for (const target of TARGETS) {
        for (const t of TIMES) {
          const got = await expectNoLeaks(() => adapter.predict(target, t, x));
          const want = path.convert(output, prediction as PredictionType, target, x, t);
          expect(maxDifference(got, want), `${prediction} → ${target} at t = ${t}`).toBe(0);
          tf.dispose([got, want]);
        }
      }
      expect(adapter.nfe).toBe(TARGETS.length * TIMES.length);
    },
  );

  it('gives ε̂, −ε̂/σ and (x − σ·ε̂)/α for a noise model (float64 references, float32 tolerance)', () => {
    const adapter = new ModelAdapter(process, model, 'noise');
    const eps = Array.from(output.dataSync());
    const xs = Array.from(x.dataSync());
    for (const t of [0.1, 0.5, 0.9]) {
      const { mean: alpha, std: sigma } = process.marginal(t);
      const cases: readonly [PredictionTarget, number[]][] = [
        ['noise', eps],
        ['score', eps.map((e) => -e / sigma)],
        ['data', eps.map((e, i) => ((xs[i] as number) - sigma * e) / alpha)],
      ];
      for (const [target, expected] of cases) {
        const got = adapter.predict(target, t, x);
        expectClose(
          Array.from(got.dataSync()),
          expected,
          { rtol: 1e-5, atol: 1e-5 * Math.max(1, sigma / alpha) },
          `${target} at ${t}`,
        );
        got.dispose();
      }
    }
  });
});
