import type * as tf from '@tensorflow/tfjs';
import { type AcceptedStep, interpolate } from './dense-output.js';
import type { ButcherTableau } from './tableaus/index.js';

/** Iteration cap of the root finder (the bracket shrinks at least linearly, so this is never the binding limit). */
const MAX_ITERATIONS = 200;

/**
 * Locates the zero of a terminal event inside an accepted step by the Illinois variant of regula falsi on the
 * dense output.
 *
 * @remarks
 * Requires a sign change: g(t0) and g(t1) of opposite signs, or g(t1) = 0. Stops when the bracket is narrower
 * than 1e-12·max(1, |t|) in time. Each iteration costs one interpolation and one event call, no field evaluation.
 *
 * @param event - The event function.
 * @param tableau - The method (for its interpolant).
 * @param step - The accepted step that contains the root.
 * @param g0 - The event's value at the step's start.
 * @param g1 - Its value at the step's end.
 * @returns The event time and the state there (owned by the caller).
 * @see Hairer, Nørsett & Wanner, Solving Ordinary Differential Equations I, §II.6 (dense output, events).
 */
export function locateEvent(
  event: (t: number, y: tf.Tensor) => number,
  tableau: ButcherTableau,
  step: AcceptedStep,
  g0: number,
  g1: number,
): { t: number; y: tf.Tensor } {
  const t1 = step.t0 + step.h;
  let [ta, ga, tb, gb] = [step.t0, g0, t1, g1];
  let side = 0;
  const tolerance = 1e-12 * Math.max(1, Math.abs(t1));
  for (let i = 0; i < MAX_ITERATIONS && gb !== 0 && Math.abs(tb - ta) > tolerance; i += 1) {
    const tc = (ta * gb - tb * ga) / (gb - ga);
    const yc = interpolate(tableau, step, tc);
    let gc: number;
    try {
      gc = event(tc, yc);
    } finally {
      yc.dispose();
    }
    if (gc === 0 || !Number.isFinite(gc)) {
      [tb, gb] = [tc, 0];
    } else if (Math.sign(gc) === Math.sign(gb)) {
      [tb, gb] = [tc, gc];
      if (side === -1) ga /= 2;
      side = -1;
    } else {
      [ta, ga] = [tc, gc];
      if (side === 1) gb /= 2;
      side = 1;
    }
  }
  return { t: tb, y: interpolate(tableau, step, tb) };
}
