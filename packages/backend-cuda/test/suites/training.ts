import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { trainSmallMlp } from '../support/mlp-training.js';

/** Adam updates compared. */
const STEPS = 5;
/**
 * Allowed parameter difference after {@link STEPS} updates at learning rate 1e-2. Each Adam update moves a parameter
 * by about lr·m̂/√v̂; float32 rounding differences between backends (a different summation order in the SGEMM,
 * 1-ulp differences in exp) change the gradients by ~1e-7 relative and so each update by ~1e-9. The host build
 * measures 4.5e-8 after 5 updates; 1e-5 leaves room for a GPU's summation order and for gradient entries near 0,
 * whose m̂/√v̂ is most sensitive.
 */
const PARAMETER_ATOL = 1e-5;
/** Allowed relative loss difference: float32 rounding of a mean over 128 squared errors. */
const LOSS_RTOL = 1e-5;

/**
 * A few-step training run of a small MLP (tf.variableGrads + Adam) on `backend` and on wasm, compared.
 *
 * @param backend - A registered backend running this package's kernels.
 */
export function describeTraining(backend: string): void {
  describe(`training a small MLP on ${backend}`, () => {
    it(`matches wasm after ${STEPS} Adam updates, without leaks`, async () => {
      await tf.setBackend('wasm');
      const reference = await trainSmallMlp(STEPS);
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const run = await trainSmallMlp(STEPS);
      expect(tf.memory().numTensors).toBe(before);
      let maxParameterError = 0;
      for (const [k, values] of run.parameters.entries()) {
        const expected = reference.parameters[k] as Float32Array;
        for (const [i, v] of values.entries()) {
          maxParameterError = Math.max(maxParameterError, Math.abs(v - (expected[i] as number)));
        }
      }
      const lossErrors = run.losses.map((l, i) => Math.abs(l - (reference.losses[i] as number)) / Math.abs(l));
      console.log(
        `${backend} training: losses ${run.losses.map((l) => l.toFixed(5)).join(' → ')}; max parameter error vs wasm ` +
          `${maxParameterError.toExponential(2)}, max relative loss error ${Math.max(...lossErrors).toExponential(2)}`,
      );
      expect(run.losses.at(-1)).toBeLessThan(run.losses[0] as number);
      expect(maxParameterError).toBeLessThanOrEqual(PARAMETER_ATOL);
      expect(Math.max(...lossErrors)).toBeLessThanOrEqual(LOSS_RTOL);
    });
  });
}
