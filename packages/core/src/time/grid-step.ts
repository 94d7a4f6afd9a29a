/** One step of a fixed grid: its signed size and the time it reaches. */
export interface GridStep {
  /** The signed step. */
  hStep: number;
  /** The time reached (exactly the target on the last piece of an interval). */
  t1: number;
}

/**
 * The next fixed step from `t` towards the output time `target`: the interval is split into equal steps no longer
 * than `stepSize` (a single step when `stepSize` is undefined), and the last one lands exactly on `target`.
 *
 * @param t - The current time.
 * @param target - The next output time (either side of `t`).
 * @param stepSize - The largest step magnitude, or undefined for one step.
 * @returns The step `hStep` (signed) and the time `t1` it reaches (exactly `target` on the last piece).
 * @example
 * ```ts
 * gridStep(0, 1, 0.3); // { hStep: 0.25, t1: 0.25 }: four equal steps
 * ```
 */
export function gridStep(t: number, target: number, stepSize: number | undefined): GridStep {
  const pieces = gridPieces(t, target, stepSize);
  const hStep = (target - t) / pieces;
  return { hStep, t1: pieces === 1 ? target : t + hStep };
}

/**
 * The part of a step below which a remainder counts as rounding, not as one more step. A fixed-step loop recomputes
 * the remaining count from its accumulated time: after N steps of size h over a unit span, t carries about N·ε of
 * rounding, i.e. N²·ε of a step (4e-8 at N = 20 000), which a slack of 1e-9 turned into an extra tiny step.
 */
const GRID_SLACK = 1e-6;

/**
 * The number of equal steps no longer than `stepSize` that {@link gridStep} splits [t, target] into.
 *
 * @param t - The current time.
 * @param target - The next output time.
 * @param stepSize - The largest step magnitude, or undefined for one step.
 * @returns ⌈|target − t| / stepSize⌉ (less 1e-6 of a step against rounding), at least 1; ∞ when the quotient
 *   overflows.
 * @example
 * ```ts
 * gridPieces(0, 1, 0.3); // 4
 * ```
 */
export function gridPieces(t: number, target: number, stepSize: number | undefined): number {
  return stepSize === undefined ? 1 : Math.max(1, Math.ceil(Math.abs(target - t) / stepSize - GRID_SLACK));
}
