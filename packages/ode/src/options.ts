import type { Solution, SolveStats } from '@gen/core';
import type * as tf from '@tensorflow/tfjs';

/** Step-size controller settings (a PI controller; the defaults give the classic I controller). */
export interface ControllerOptions {
  /** Safety factor applied to every proposed step (default 0.9). */
  safety?: number;
  /** Smallest factor by which one step may shrink the next (default 0.2). */
  minFactor?: number;
  /** Largest factor by which one step may grow the next (default 10). */
  maxFactor?: number;
  /** Integral coefficient (default 1). */
  iCoeff?: number;
  /** Proportional coefficient (default 0; diffrax's PI suggestion is pCoeff 0.4, iCoeff 0.3). */
  pCoeff?: number;
}

/** What {@link OdeOptions.onStep} receives after each accepted step. */
export interface StepInfo {
  /** The time reached. */
  readonly t: number;
  /** The size of the step just accepted (negative when integrating backwards). */
  readonly h: number;
  /** Running counters. */
  readonly stats: Readonly<SolveStats>;
}

/** Options of `odeint` / `odeintSync`. */
export interface OdeOptions {
  /** Method name from the registry (default `'dopri5'`); see `METHOD_NAMES`. */
  method?: string;
  /** Relative tolerance of adaptive methods (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance of adaptive methods (default 1e-5). */
  atol?: number;
  /**
   * Fixed step size. Each interval between output times is split into equal steps no longer than this. Fixed-step
   * methods default to one step per interval; an adaptive method given a `stepSize` takes fixed steps too and
   * ignores its error estimate (useful for order studies and reproducible step counts).
   */
  stepSize?: number;
  /** First step of adaptive methods (default: Hairer's initial step selection). */
  firstStep?: number;
  /** Smallest step an adaptive method may take before failing with step-size underflow (default 0). */
  minStep?: number;
  /** Largest step an adaptive method may take (default ∞). */
  maxStep?: number;
  /**
   * Step budget, accepted and rejected together (default 10 000). A fixed-step grid that needs more steps, or whose
   * step cannot move t in float64, is refused before the first step (an `InvalidArgumentError` naming
   * `options.stepSize` that says how many steps the grid needs).
   */
  maxSteps?: number;
  /** Throw a `NumericalError` on failure (default `true`); when `false` the solution's `status` says why. */
  throwOnFailure?: boolean;
  /** Terminal event: the solve stops where this function changes sign (located on the dense output). */
  event?: (t: number, y: tf.Tensor) => number;
  /** Called after every accepted step, e.g. for progress. */
  onStep?: (info: StepInfo) => void;
  /** Step-size controller settings. */
  controller?: ControllerOptions;
}

/** Where a terminal event fired. */
export interface OdeEvent {
  /** The event time (the located zero of the event function). */
  t: number;
  /** The state at that time, owned by the caller. */
  y: tf.Tensor;
}

/** The result of `odeint` / `odeintSync`: the shared {@link Solution} and, when it fired, the terminal event. */
export interface OdeSolution extends Solution {
  /** Where the terminal event fired, when it did. */
  event?: OdeEvent;
}
