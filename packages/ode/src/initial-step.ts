import { linearCombination, type VectorField } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { type Readbacks, readValues } from './readback.js';

function scaledRms(x: tf.Tensor, scale: tf.Tensor): tf.Tensor {
  return tf.sqrt(tf.mean(tf.square(tf.div(x, scale))));
}

/**
 * Hairer's initial step-size selection for an adaptive method (one extra field evaluation).
 *
 * @remarks
 * With sc = atol + rtol·|y0|: d0 = ‖y0/sc‖, d1 = ‖f0/sc‖ (RMS norms), h0 = 0.01·d0/d1 (or 1e-6 when either is
 * tiny), one Euler step to f1 = f(t0 + h0, y0 + h0·f0), d2 = ‖(f1 − f0)/sc‖/h0, h1 = (0.01/max(d1, d2))^(1/p);
 * the step is min(100·h0, h1).
 *
 * @param f - The vector field.
 * @param t0 - Start time.
 * @param y0 - Start state; not disposed.
 * @param f0 - f(t0, y0); not disposed.
 * @param direction - +1 forwards, −1 backwards.
 * @param span - |t_end − t0|: the trial step never leaves the interval, so the field is only evaluated inside it.
 * @param order - The method's order p.
 * @param rtol - Relative tolerance.
 * @param atol - Absolute tolerance.
 * @returns The step magnitude (positive).
 * @see Hairer, Nørsett & Wanner, Solving Ordinary Differential Equations I, §II.4.
 */
export function* initialStep(
  f: VectorField,
  t0: number,
  y0: tf.Tensor,
  f0: tf.Tensor,
  direction: number,
  span: number,
  order: number,
  rtol: number,
  atol: number,
): Readbacks<number> {
  const scale = tf.tidy(() => tf.add(atol, tf.mul(rtol, tf.abs(y0))));
  const [d0 = 0, d1 = 0] = yield* readValues(tf.tidy(() => tf.stack([scaledRms(y0, scale), scaledRms(f0, scale)])));
  const h0 = Math.min(span, d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1);
  const y1 = linearCombination(y0, [f0], [direction * h0]);
  const f1 = f(t0 + direction * h0, y1);
  const [d2raw = 0] = yield* readValues(tf.tidy(() => scaledRms(tf.sub(f1, f0), scale)));
  tf.dispose([scale, y1, f1]);
  const d2 = d2raw / h0;
  const dMax = Math.max(d1, d2);
  const h1 = dMax <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / dMax) ** (1 / order);
  return Math.min(100 * h0, h1);
}
