import { NumericalError, type Solution, type SolveStats } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import type { StepFailure } from './step-size/controller.js';

/**
 * The states a solve saves at its output times `ts`, in order: the solve loops of `odeint` (by dense output) and
 * `sdeint` (at the steps that land on an output time) hand each accepted step to {@link SavedOutputs.saveUntil}.
 *
 * @remarks
 * Owns the saved states until {@link SavedOutputs.dispose}; {@link SavedOutputs.stack} returns them as one new
 * tensor [saved, ...shape] owned by the caller.
 *
 * @example
 * ```ts
 * const outputs = new SavedOutputs([0, 0.5, 1], y0);
 * outputs.saveUntil(0.5, () => tf.clone(y)); // saves ts[1]
 * const { ys, ts } = outputs.stack(); // ys: [2, ...y0.shape], ts: [0, 0.5]
 * outputs.dispose();
 * ```
 */
export class SavedOutputs {
  /** The output times. */
  readonly ts: readonly number[];
  readonly #direction: number;
  readonly #saved: tf.Tensor[];

  /**
   * Saves the initial state (a clone) as the output at `ts[0]`.
   *
   * @param ts - The output times, strictly monotone, at least one.
   * @param y0 - The state at `ts[0]`; not disposed.
   */
  constructor(ts: readonly number[], y0: tf.Tensor) {
    this.ts = ts;
    this.#direction = Math.sign((ts[ts.length - 1] as number) - (ts[0] as number)) || 1;
    this.#saved = [tf.clone(y0)];
  }

  /** Whether every output time is saved. */
  get done(): boolean {
    return this.#saved.length >= this.ts.length;
  }

  /** The next output time to save (the last one once {@link SavedOutputs.done}). */
  get target(): number {
    return this.ts[Math.min(this.#saved.length, this.ts.length - 1)] as number;
  }

  /**
   * Saves every output time not after `until` (in the solve's direction).
   *
   * @param until - The time the solve has reached.
   * @param stateAt - The state at an output time, as a new tensor now owned here.
   */
  saveUntil(until: number, stateAt: (t: number) => tf.Tensor): void {
    while (!this.done && (this.target - until) * this.#direction <= 0) this.#saved.push(stateAt(this.target));
  }

  /**
   * The saved states stacked, with their times.
   *
   * @returns `ys` [saved, ...shape] (a new tensor owned by the caller) and the times it holds.
   */
  stack(): { ys: tf.Tensor; ts: number[] } {
    return { ys: tf.stack(this.#saved), ts: this.ts.slice(0, this.#saved.length) };
  }

  /** Disposes the saved states. */
  dispose(): void {
    tf.dispose(this.#saved);
    this.#saved.length = 0;
  }
}

/**
 * Ends a solve: throws its failure as a `NumericalError` when asked to, else returns what it saved with its
 * counters and status.
 *
 * @param outputs - The saved states (still owned by the caller, who disposes them).
 * @param stats - The counters.
 * @param failure - Why the solve stopped early, if it did.
 * @param throwOnFailure - Whether a failure throws.
 * @param solver - The solver's name for the message, e.g. `odeint (dopri5)`.
 * @param t - The time reached.
 * @returns The solution (its `ys` a new tensor owned by the caller), status `'success'` or the failure's.
 * @throws `NumericalError` with the failure's status, message and `t`, when `throwOnFailure` is true.
 * @example
 * ```ts
 * return finishSolve(outputs, stats, failure, settings.throwOnFailure, `sdeint (${solver.name})`, t);
 * ```
 */
export function finishSolve(
  outputs: SavedOutputs,
  stats: SolveStats,
  failure: StepFailure | undefined,
  throwOnFailure: boolean,
  solver: string,
  t: number,
): Solution {
  if (failure !== undefined && throwOnFailure) {
    throw new NumericalError(failure.status, `${solver} failed: ${failure.message}`, { t });
  }
  return { ...outputs.stack(), stats, status: failure?.status ?? 'success' };
}
