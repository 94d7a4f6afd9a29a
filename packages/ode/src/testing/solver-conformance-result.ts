import type { SlopeTolerance } from './order-studies.js';

/** The outcome of one method's convergence-order study on the backend under test. */
export interface SolverOrderResult {
  /** The method name. */
  readonly method: string;
  /** The order of the method's tableau. */
  readonly expectedOrder: number;
  /** The slope may lie in [expectedOrder − below, expectedOrder + above]. */
  readonly slopeTolerance: SlopeTolerance;
  /** The step sizes, t1 / n. */
  readonly stepSizes: readonly number[];
  /** End errors of the forward solves (0 → t1), one per step size. */
  readonly forwardErrors: readonly number[];
  /** End errors of the backward solves (t1 → 0), one per step size. */
  readonly backwardErrors: readonly number[];
  /** Least-squares slope of log(error) against log(h), forwards (NaN when the study threw). */
  readonly slope: number;
  /** The same slope backwards. */
  readonly backwardSlope: number;
  /** Tensors the study left allocated. */
  readonly leakedTensors: number;
  /** Data buffers the study left allocated. */
  readonly leakedDataBuffers: number;
  /** Whether both slopes lie within the tolerance and nothing leaked. */
  readonly passed: boolean;
  /** The message of what the study threw, when it threw. */
  readonly error?: string;
}

/** The outcome of the adaptive dopri5 solve of the damped spiral against its analytic solution. */
export interface AdaptiveSolveResult {
  /** `'dopri5'`. */
  readonly method: string;
  /** The relative and absolute tolerance of the solve. */
  readonly tolerance: number;
  /** The Euclidean end error against the matrix-exponential solution (NaN when the solve threw). */
  readonly endError: number;
  /** The largest end error that passes. */
  readonly errorBound: number;
  /** Field evaluations the solve took. */
  readonly nfe: number;
  /** The most field evaluations that pass. */
  readonly nfeBound: number;
  /** Tensors the solve left allocated. */
  readonly leakedTensors: number;
  /** Data buffers the solve left allocated. */
  readonly leakedDataBuffers: number;
  /** Whether the error and evaluation count are within their bounds and nothing leaked. */
  readonly passed: boolean;
  /** The message of what the solve threw, when it threw. */
  readonly error?: string;
}

/** What {@link runSolverConformance} returns. */
export interface SolverConformanceReport {
  /** The backend the solves ran on. */
  readonly backend: string;
  /** One order study per method, in the order of `SOLVER_ORDER_STUDIES`. */
  readonly orders: readonly SolverOrderResult[];
  /** The adaptive dopri5 check, unless it was switched off. */
  readonly adaptive?: AdaptiveSolveResult;
  /** Whether every study and the adaptive check passed. */
  readonly passed: boolean;
}
