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

/**
 * Watches a terminal event across a solve's accepted steps: the event fires in the first step over which
 * g(t, y) changes sign or reaches 0, at the root {@link locateEvent} finds on the dense output.
 *
 * @example
 * ```ts
 * const watcher = new EventWatcher((t, y) => t - 0.5, tableau, t0, y0);
 * const fired = watcher.check(step, t1); // { t: 0.5, y } when the step crosses t = 0.5, else undefined
 * ```
 */
export class EventWatcher {
  readonly #event: (t: number, y: tf.Tensor) => number;
  readonly #tableau: ButcherTableau;
  #g: number;

  /**
   * Evaluates the event at the start of the solve.
   *
   * @param event - The event function g(t, y).
   * @param tableau - The method (for its interpolant).
   * @param t0 - The start time.
   * @param y0 - The start state; not disposed.
   */
  constructor(event: (t: number, y: tf.Tensor) => number, tableau: ButcherTableau, t0: number, y0: tf.Tensor) {
    this.#event = event;
    this.#tableau = tableau;
    this.#g = event(t0, y0);
  }

  /**
   * Checks an accepted step for the event.
   *
   * @param step - The accepted step.
   * @param t1 - Its end time (exactly the output time or end time it landed on).
   * @returns Where the event fired inside the step (the state owned by the caller), or undefined.
   */
  check(step: AcceptedStep, t1: number): { t: number; y: tf.Tensor } | undefined {
    const g0 = this.#g;
    const g1 = this.#event(t1, step.y1);
    this.#g = g1;
    if (g1 !== 0 && Math.sign(g1) !== -Math.sign(g0)) return undefined;
    return locateEvent(this.#event, this.#tableau, step, g0, g1);
  }
}
