/** How far a fitted convergence slope may lie from the expected order. */
export interface SlopeTolerance {
  /** How far below the order the slope may fall. */
  readonly below: number;
  /** How far above the order the slope may rise (`Infinity`: any faster convergence passes). */
  readonly above: number;
}

/** A convergence-order study of one method: fixed-step solves of dy/dt = A·y with more and more steps. */
export interface SolverOrderStudy {
  /** The `odeint` method name; its expected order is its tableau's `order`. */
  readonly method: string;
  /** The 2×2 system matrix A of the linear problem. */
  readonly a: readonly (readonly number[])[];
  /** The end of the interval [0, t1]. */
  readonly t1: number;
  /** The step counts; step sizes are t1 / n. */
  readonly steps: readonly number[];
  /** How far the fitted slope may lie from the expected order (default 0.25 each way). */
  readonly slopeTolerance?: SlopeTolerance;
}

/** A slow damped rotation: the low-order methods' errors stay above the float32 floor. */
const SLOW = [
  [-0.5, 1],
  [-1, -0.5],
];
/** A fast, lightly damped rotation: errors of the high-order methods stay large enough to measure in float32. */
const FAST = [
  [-0.1, 4],
  [-4, -0.1],
];

/**
 * The order studies of every `odeint` method: each in its asymptotic range on a float32 state, with end errors
 * between about 1e-2 and 1e-6, above the float32 floor.
 *
 * @remarks
 * tsit5 only has to converge at order ≥ 4.75: Tsitouras' stability polynomial matches e^z to 5th order with a z⁶
 * defect of only 4.3e-5 (dopri5: 2.8e-4), so on a linear problem the z⁷ term dominates wherever the error is above
 * the float32 floor (its order conditions are checked exactly by the tableau tests).
 */
export const SOLVER_ORDER_STUDIES: readonly SolverOrderStudy[] = [
  { method: 'euler', a: SLOW, t1: 2, steps: [64, 128, 256, 512, 1024] },
  { method: 'midpoint', a: SLOW, t1: 2, steps: [16, 32, 64, 128, 256] },
  { method: 'heun', a: SLOW, t1: 2, steps: [16, 32, 64, 128, 256] },
  { method: 'rk4', a: FAST, t1: 10, steps: [80, 113, 160, 226, 320] },
  { method: 'bosh3', a: SLOW, t1: 2, steps: [16, 32, 64, 128] },
  { method: 'dopri5', a: FAST, t1: 10, steps: [40, 57, 80, 113, 160] },
  {
    method: 'tsit5',
    a: FAST,
    t1: 10,
    steps: [40, 57, 80, 113],
    slopeTolerance: { below: 0.25, above: Number.POSITIVE_INFINITY },
  },
  { method: 'dopri8', a: FAST, t1: 10, steps: [12, 14, 16, 18, 20, 22, 24, 27, 30] },
];
