import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { gridPieces } from './grid-step.js';

/** How {@link assertFixedGrid}'s errors name the caller's step size and step budget. */
export interface FixedGridNames {
  /** The step-size parameter, e.g. `'options.stepSize'` or `'options.dt'`. */
  readonly stepSize: string;
  /** The step-budget parameter, e.g. `'options.maxSteps'`. */
  readonly maxSteps: string;
}

/**
 * Checks, before a fixed-step solve starts, that its grid ({@link gridStep} over every interval of `ts`) can be
 * walked: every step moves t in float64 and all of them fit the step budget.
 *
 * @remarks
 * A step h moves t everywhere in [a, b] when m + |h| ≠ m for m = max(|a|, |b|) (the float64 spacing grows with
 * |t|). The count is Σ over the intervals of ⌈|Δt| / stepSize⌉ (one step per interval without a stepSize); it is
 * added interval by interval and the check stops at the first that exceeds the budget, so it costs O(ts.length)
 * whatever the step.
 *
 * @param ts - Output times, strictly monotone (already checked).
 * @param stepSize - The largest step magnitude, or undefined for one step per interval.
 * @param maxSteps - The step budget.
 * @param names - How the errors name the step size and the budget.
 * @returns The number of steps the grid takes.
 * @throws {@link InvalidArgumentError} naming `names.stepSize` when a step cannot move t (t + h == t), or when
 *   the grid needs more than `maxSteps` steps (the message gives the count and how to raise the budget).
 * @example
 * ```ts
 * assertFixedGrid([0, 1], 1e-3, 10_000, { stepSize: 'options.dt', maxSteps: 'options.maxSteps' }); // 1000
 * ```
 */
export function assertFixedGrid(
  ts: readonly number[],
  stepSize: number | undefined,
  maxSteps: number,
  names: FixedGridNames,
): number {
  let total = 0;
  for (let i = 1; i < ts.length; i += 1) {
    const a = ts[i - 1] as number;
    const b = ts[i] as number;
    const pieces = gridPieces(a, b, stepSize);
    total += pieces;
    if (total > maxSteps) {
      const needed = ts.slice(i + 1).reduce((sum, t, k) => sum + gridPieces(ts[i + k] as number, t, stepSize), total);
      throw new InvalidArgumentError(
        names.stepSize,
        `a step that covers ts within ${names.maxSteps} = ${maxSteps} steps`,
        stepSize,
        `This grid needs ${count(needed)} steps; raise ${names.maxSteps} to at least ${count(needed)} or use a larger step.`,
      );
    }
    const m = Math.max(Math.abs(a), Math.abs(b));
    if (m + Math.abs(b - a) / pieces === m) {
      throw new InvalidArgumentError(
        names.stepSize,
        `a step that moves t in float64 near t = ${m} (at least ${2 ** (Math.floor(Math.log2(m)) - 52)})`,
        stepSize,
        `A step of ${Math.abs(b - a) / pieces} leaves t unchanged (t + h == t).`,
      );
    }
  }
  return total;
}

function count(steps: number): string {
  return Number.isFinite(steps) ? String(steps) : 'more than 1e308';
}
