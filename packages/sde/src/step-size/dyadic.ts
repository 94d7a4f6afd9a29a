import type { ProposedStep, StepFailure, StepSizeController } from '@gen/ode/internal';
import type { BrownianPath } from '../brownian/brownian-path.js';

/** A dyadic step: its times, its midpoint (for step doubling) and its place on the path's leaf grid. */
export interface DyadicStep extends ProposedStep {
  /** The midpoint, where the two half steps meet (a node of the Brownian tree). */
  readonly tMid: number;
  /** The step spans 2ʲ leaves. */
  readonly level: number;
  /** The end as a leaf index from the path's t0. */
  readonly end: number;
  /** Whether the next output time cut the step below the controller's level. */
  readonly clipped: boolean;
}

/** The settings of {@link DyadicStepSize}. */
export interface DyadicSettings {
  /** The Brownian path whose dyadic times the steps follow. */
  readonly bm: BrownianPath;
  /** The output times. */
  readonly ts: readonly number[];
  /** The output times as leaf indices from the path's t0 (even: every step's halves are whole leaves). */
  readonly positions: readonly number[];
  /** The first step spans 2^initialLevel leaves. */
  readonly initialLevel: number;
  /** Smallest step magnitude. */
  readonly minStep: number;
  /** The method's strong order p (errors of step doubling scale like h^(p + ½)). */
  readonly strongOrder: number;
}

/**
 * Dyadic step doubling on a `BrownianPath`: every step spans 2ʲ leaves of the path and starts on a multiple of
 * its size, so each Brownian query is a node of the tree; the error comes from one step against two half steps.
 *
 * @remarks
 * Accepts iff the error ≤ 1. After a rejection the step is halved ⌈log₂(err/0.9)/(p + ½)⌉ times (at least once),
 * the fewest halvings that bring the predicted error to 0.9; after an accepted step with err ≤ 0.9·2^−(p + ½) the
 * next may double. Steps are clipped to land on each output time. A step that would fall below two leaves or
 * `minStep` fails (`'non-finite'` when the attempt overflowed, else `'step-size-underflow'`). The rules and their
 * reasons are in the solver guide (docs/guides/04-choosing-a-solver.md).
 *
 * @example
 * ```ts
 * const controller = new DyadicStepSize({ bm, ts: [0, 1], positions: [0, 1024], initialLevel: 4, minStep: 0, strongOrder: 0.5 });
 * const step = controller.propose(0, 1); // 16 leaves from t = 0, with its midpoint
 * ```
 */
export class DyadicStepSize implements StepSizeController<DyadicStep> {
  /** Step doubling reads the error estimate. */
  readonly adaptive = true;
  readonly #bm: BrownianPath;
  readonly #leaves: number;
  readonly #span: number;
  readonly #positions: ReadonlyMap<number, number>;
  readonly #grow: number;
  readonly #order: number;
  readonly #minLevel: number;
  readonly #minStep: number;
  #position: number;
  #level: number;
  #failure: StepFailure | undefined;

  /**
   * Starts at the first output time.
   *
   * @param settings - The path, the output times on it, the first level, the smallest step and the method's order.
   */
  constructor(settings: DyadicSettings) {
    const { bm, ts, positions, minStep } = settings;
    this.#bm = bm;
    this.#leaves = 2 ** bm.depth;
    this.#span = bm.t1 - bm.t0;
    this.#positions = new Map(ts.map((t, i) => [t, positions[i] as number]));
    this.#order = settings.strongOrder + 0.5;
    this.#grow = 0.9 * 2 ** -this.#order;
    // The smallest level whose steps are whole pairs of leaves and at least minStep.
    let minLevel = 1;
    while (minLevel < bm.depth && this.#span * (2 ** minLevel / this.#leaves) < minStep) minLevel += 1;
    this.#minLevel = minLevel;
    this.#minStep = minStep;
    this.#position = positions[0] as number;
    this.#level = settings.initialLevel;
  }

  /**
   * The largest step of 2ʲ leaves (j ≤ the current level) from `t` that starts on a multiple of itself and stays
   * within `target`.
   *
   * @param t - The current time.
   * @param target - The next output time (one of the controller's output times).
   * @returns The step, or the failure the last rejection found.
   */
  propose(t: number, target: number): DyadicStep | StepFailure {
    if (this.#failure !== undefined) return this.#failure;
    const q = this.#position;
    const goal = this.#positions.get(target) as number;
    const timeAt = (p: number): number => (p === goal ? target : this.#bm.t0 + this.#span * (p / this.#leaves));
    const direction = goal > q ? 1 : -1;
    const remaining = Math.abs(goal - q);
    let j = this.#level;
    while (j > 1 && (q % 2 ** j !== 0 || 2 ** j > remaining)) j -= 1;
    const end = q + direction * 2 ** j;
    const t1 = timeAt(end);
    const tMid = timeAt(q + direction * 2 ** (j - 1));
    return { t0: t, h: t1 - t, t1, tMid, level: j, end, clipped: 2 ** this.#level > remaining };
  }

  /**
   * Accepts iff `error` ≤ 1; grows the level after a small error, shrinks it after a rejection.
   *
   * @param step - The attempted step.
   * @param error - Its step-doubling error norm.
   * @returns Whether it is accepted.
   */
  adapt(step: DyadicStep, error: number): boolean {
    const j = step.level;
    if (error <= 1) {
      this.#position = step.end;
      const larger = error <= this.#grow ? Math.min(j + 1, this.#bm.depth) : j;
      this.#level = step.clipped ? Math.max(this.#level, larger) : larger;
      return true;
    }
    const h = this.#span * (2 ** (j - 1) / this.#leaves);
    if (j - 1 < 1 || h < this.#minStep) {
      this.#failure = Number.isFinite(error)
        ? {
            status: 'step-size-underflow',
            message: `the step would fall to ${h} at t = ${step.t0} (minStep ${this.#minStep}, leaf width ${this.#span / this.#leaves}): the error estimate ${error} stays above 1. Loosen rtol/atol, lower minStep or use a BrownianPath with a smaller tolerance.`,
          }
        : {
            status: 'non-finite',
            message: `the state became non-finite near t = ${step.t0} and halving the step down to ${2 * h} did not help.`,
          };
      return false;
    }
    const halvings = Number.isFinite(error) ? Math.max(1, Math.ceil(Math.log2(error / 0.9) / this.#order)) : 1;
    this.#level = Math.max(j - halvings, this.#minLevel);
    return false;
  }
}
