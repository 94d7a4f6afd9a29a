import { linearCombination, type VectorField } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { type Readbacks, readValues } from './readback.js';

function scaledRms(x: tf.Tensor, scale: tf.Tensor): tf.Tensor {
  return tf.sqrt(tf.mean(tf.square(tf.div(x, scale))));
}

/** Why no initial step could be chosen: the status and the sentence for the solve's failure message. */
export interface InitialStepFailure {
  /** `'non-finite'` when f(t0, y0) is not finite, `'step-size-underflow'` when the tolerances overflow the norms. */
  readonly status: 'non-finite' | 'step-size-underflow';
  /** What happened, for the error message. */
  readonly message: string;
}

/**
 * Hairer's initial step-size selection for an adaptive method (one extra field evaluation).
 *
 * @remarks
 * With sc = atol + rtol·|y0|: d0 = ‖y0/sc‖, d1 = ‖f0/sc‖ (RMS norms), h0 = 0.01·d0/d1 (or 1e-6 when either is
 * tiny), one Euler step to f1 = f(t0 + h0, y0 + h0·f0), d2 = ‖(f1 − f0)/sc‖/h0, h1 = (0.01/max(d1, d2))^(1/p);
 * the step is min(100·h0, h1). The step is always a finite positive number or a failure: a non-finite f0 fails
 * with `'non-finite'`, norms that overflow float32 (tolerances far below float32 precision) with
 * `'step-size-underflow'`, and a non-finite trial slope f1 gives h0 (the step control then shrinks it).
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
 * @returns The step magnitude (positive, finite), or why there is none.
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
): Readbacks<number | InitialStepFailure> {
  const scale = tf.tidy(() => tf.add(atol, tf.mul(rtol, tf.abs(y0))));
  try {
    const [d0 = 0, d1 = 0, finite = 0] = yield* readValues(
      tf.tidy(() => tf.stack([scaledRms(y0, scale), scaledRms(f0, scale), tf.all(tf.isFinite(f0)).cast('float32')])),
    );
    if (finite !== 1) {
      return {
        status: 'non-finite',
        message: `f(t, y) returned non-finite values at t = ${t0} (f(t0, y0), the first evaluation).`,
      };
    }
    if (!(Number.isFinite(d0) && Number.isFinite(d1))) {
      return {
        status: 'step-size-underflow',
        message: `no step size can be chosen at t = ${t0}: the scaled norms of y0 and f(t0, y0) overflow float32 with rtol = ${rtol}, atol = ${atol}, tolerances far below float32 precision (about 1e-7 relative). Loosen rtol/atol.`,
      };
    }
    const h0 = Math.min(span, d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1);
    const d2raw = tf.tidy(() => {
      const y1 = linearCombination(y0, [f0], [direction * h0]);
      return scaledRms(tf.sub(f(t0 + direction * h0, y1), f0), scale);
    });
    const d2 = ((yield* readValues(d2raw))[0] as number) / h0;
    if (!Number.isFinite(d2)) return h0;
    const dMax = Math.max(d1, d2);
    const h1 = dMax <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / dMax) ** (1 / order);
    return Math.min(100 * h0, h1);
  } finally {
    scale.dispose();
  }
}
