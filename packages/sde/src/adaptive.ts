import { InvalidArgumentError, NumericalError, type NumericalFailure } from '@gen/core';
import { assertInteger, assertPositive } from '@gen/core/internal';
import { errorNorm } from '@gen/ode/internal';
import * as tf from '@tensorflow/tfjs';
import { BrownianPath } from './brownian/brownian-path.js';
import { SNAP } from './brownian/dyadic-grid.js';
import { type SdeSolver, type StepNoise, type StepResult, StepStart } from './solvers/index.js';
import type { BrownianSource, Sde } from './types.js';

/** What {@link AdaptiveSdeOptions.onStep} receives after every attempted step of an adaptive solve. */
export interface SdeStepInfo {
  /** The time the step started from. */
  readonly t: number;
  /** The signed step size attempted, (t1 − t0)·2⁻ᵏ of the Brownian path's span (negative backwards). */
  readonly h: number;
  /** The step-doubling error norm of the attempt (accepted iff ≤ 1; NaN or ∞ when the state overflowed). */
  readonly error: number;
  /** Whether the attempt was accepted. */
  readonly accepted: boolean;
}

/** The options of {@link sdeint} that only adaptive solves (`adaptive: true`) read. */
export interface AdaptiveSdeOptions {
  /** Relative tolerance of the step-doubling error norm (default 1e-2), > 0. */
  rtol?: number;
  /** Absolute tolerance of the step-doubling error norm (default 1e-2), > 0. */
  atol?: number;
  /**
   * Smallest step magnitude before the solve fails with `step-size-underflow` (default: twice the Brownian path's
   * leaf width, the smallest step whose two halves still start and end on leaves).
   */
  dtMin?: number;
  /**
   * Step budget (default 10 000): accepted and rejected attempts together when adaptive; the steps of the grid
   * otherwise (a fixed grid that needs more is refused before the first step).
   */
  maxSteps?: number;
  /** Called after every attempted step (accepted or not), e.g. to record the step sizes. */
  onStep?: (info: SdeStepInfo) => void;
}

/** Checked adaptive settings. */
export interface AdaptiveSettings {
  /** The Brownian path. */
  readonly bm: BrownianPath;
  /** Relative tolerance. */
  readonly rtol: number;
  /** Absolute tolerance. */
  readonly atol: number;
  /** The initial step level j (a step of 2ʲ leaves). */
  readonly initialLevel: number;
  /** Smallest allowed step magnitude. */
  readonly dtMin: number;
  /** Step budget. */
  readonly maxSteps: number;
  /** The output times as leaf indices from the path's t0. */
  readonly positions: readonly number[];
  /** Step callback. */
  readonly onStep: ((info: SdeStepInfo) => void) | undefined;
  /** Whether to throw on failure. */
  readonly throwOnFailure: boolean;
}

/** Counters of an adaptive solve (the fields of `SdeStats` it fills). */
export interface AdaptiveStats {
  /** Accepted steps. */
  steps: number;
  /** Rejected attempts. */
  rejected: number;
  /** Drift and diffusion evaluations, rejected attempts included. */
  evaluations: number;
}

/** What an adaptive solve returns; the caller owns `ys`. */
export interface AdaptiveResult {
  /** The states at the output times reached. */
  ys: tf.Tensor;
  /** The output times reached. */
  ts: number[];
  /** `'success'` or why it stopped. */
  status: 'success' | Exclude<NumericalFailure, 'not-converged'>;
}

/**
 * Checks the adaptive options and places the output times on the Brownian path's leaf grid.
 *
 * @param bm - `options.bm`.
 * @param ts - The output times (already checked to be strictly monotone).
 * @param dt - The initial step magnitude (already checked to be positive).
 * @param options - The adaptive options and `throwOnFailure`.
 * @returns The checked settings.
 * @throws `InvalidArgumentError` naming `options.bm` (not a `BrownianPath`, or one with a single leaf),
 *   `options.rtol`, `options.atol`, `options.dtMin`, `options.maxSteps` or `ts[i]` (outside the path's span or
 *   not a multiple of twice its leaf width from its t0).
 */
export function validateAdaptive(
  bm: BrownianSource | undefined,
  ts: readonly number[],
  dt: number,
  options: AdaptiveSdeOptions & { throwOnFailure?: boolean },
): AdaptiveSettings {
  if (!(bm instanceof BrownianPath)) {
    throw new InvalidArgumentError(
      'options.bm',
      'a BrownianPath (adaptive: true retries rejected steps on the same sample path and steps on its dyadic times)',
      bm,
      'Pass bm: new BrownianPath({ shape, t0, t1, seed }) spanning the output times.',
    );
  }
  if (bm.depth < 1) {
    throw new InvalidArgumentError(
      'options.bm',
      'a BrownianPath with tolerance < t1 − t0 (at least two leaves)',
      bm.tolerance,
    );
  }
  const rtol = options.rtol === undefined ? 1e-2 : assertPositive('options.rtol', options.rtol);
  const atol = options.atol === undefined ? 1e-2 : assertPositive('options.atol', options.atol);
  const maxSteps = options.maxSteps === undefined ? 10_000 : assertInteger('options.maxSteps', options.maxSteps, 1);
  const span = bm.t1 - bm.t0;
  const leaf = span / 2 ** bm.depth;
  const dtMin = options.dtMin === undefined ? 2 * leaf : assertPositive('options.dtMin', options.dtMin);
  if (options.dtMin !== undefined && dtMin > dt) {
    throw new InvalidArgumentError('options.dtMin', `a number ≤ the initial step options.dt = ${dt}`, dtMin);
  }
  if (options.onStep !== undefined && typeof options.onStep !== 'function') {
    throw new InvalidArgumentError('options.onStep', 'a function', options.onStep);
  }
  const positions = ts.map((t, i) => {
    const x = ((t - bm.t0) / span) * 2 ** bm.depth;
    const q = 2 * Math.round(x / 2);
    if (x < -SNAP || x > 2 ** bm.depth + SNAP || Math.abs(x - q) > SNAP) {
      throw new InvalidArgumentError(
        `ts[${i}]`,
        `a time in [${bm.t0}, ${bm.t1}] (options.bm's span) on its adaptive grid t0 + j·${2 * leaf} (twice the leaf width (t1 − t0)·2^-${bm.depth}, so that step-doubling lands on exact dyadic times)`,
        t,
        'Use dyadic output times such as t0 + j·(t1 − t0)/2ᵏ, or a BrownianPath with a smaller tolerance.',
      );
    }
    return q;
  });
  for (let i = 1; i < positions.length; i += 1) {
    if (positions[i] === positions[i - 1]) {
      throw new InvalidArgumentError(`ts[${i}]`, `a grid time different from ts[${i - 1}] = ${ts[i - 1]}`, ts[i]);
    }
  }
  // The initial step, rounded down to 2ʲ leaves (j ≥ 1: the halves must be whole leaves).
  const initialLevel = Math.min(bm.depth, Math.max(1, Math.floor(Math.log2(dt / leaf) + 1e-9)));
  return {
    bm,
    rtol,
    atol,
    initialLevel,
    dtMin,
    maxSteps,
    positions,
    onStep: options.onStep,
    throwOnFailure: options.throwOnFailure ?? true,
  };
}

/**
 * Integrates with step-doubling error control on dyadic steps of a `BrownianPath` (see `sdeint`'s remarks).
 *
 * @param sde - The SDE (checked).
 * @param solver - The method (checked against the SDE).
 * @param x0 - The initial state (checked); not disposed.
 * @param ts - The output times (checked).
 * @param settings - From {@link validateAdaptive}.
 * @param first - The coefficients at (ts[0], x0); taken over and disposed.
 * @param noiseFor - The path's step noise (increment and, when the method needs it, Lévy area).
 * @param stats - Counters, updated in place.
 * @returns The states at the output times reached (owned by the caller), those times and the status.
 * @throws `NumericalError` with reason `step-size-underflow`, `non-finite` or `max-steps` and the time reached,
 *   unless `throwOnFailure` is false.
 */
export async function adaptiveSolve(
  sde: Sde,
  solver: SdeSolver,
  x0: tf.Tensor,
  ts: readonly number[],
  settings: AdaptiveSettings,
  first: StepStart,
  noiseFor: (ta: number, tb: number) => StepNoise,
  stats: AdaptiveStats,
): Promise<AdaptiveResult> {
  const { bm, rtol, atol, positions, dtMin, maxSteps } = settings;
  const leaves = 2 ** bm.depth;
  const span = bm.t1 - bm.t0;
  // An accepted step of err ≤ grow may double: step-doubling errors scale like h^(p + ½) (see sdeint's remarks).
  const grow = 0.9 * 2 ** -(solver.strongOrder + 0.5);
  // After a rejection the step shrinks by as many halvings as bring the predicted err to 0.9 (at least one).
  const halvingsFor = (error: number): number =>
    Number.isFinite(error) ? Math.max(1, Math.ceil(Math.log2(error / 0.9) / (solver.strongOrder + 0.5))) : 1;
  // The smallest level whose steps are whole pairs of leaves and at least dtMin.
  let minLevel = 1;
  while (minLevel < bm.depth && span * (2 ** minLevel / leaves) < dtMin) minLevel += 1;
  const outputs: tf.Tensor[] = [tf.clone(x0)];
  let x = tf.clone(x0);
  // Shared by every attempt from (t, x), rejected ones included; the first one was evaluated by sdeint's shape check.
  let start = first;
  stats.evaluations += first.evaluations;
  let q = positions[0] as number;
  let t = ts[0] as number;
  let level = settings.initialLevel;
  let status: AdaptiveResult['status'] = 'success';
  let failure = '';
  try {
    for (let next = 1; next < ts.length && status === 'success'; next += 1) {
      const target = positions[next] as number;
      const targetTime = ts[next] as number;
      const timeAt = (p: number): number => (p === target ? targetTime : bm.t0 + span * (p / leaves));
      const direction = target > q ? 1 : -1;
      while (q !== target) {
        if (stats.steps + stats.rejected >= maxSteps) {
          status = 'max-steps';
          failure = `reached maxSteps = ${maxSteps} (accepted and rejected) at t = ${t} before t = ${targetTime}. Raise options.maxSteps or loosen rtol/atol.`;
          break;
        }
        // The largest step of 2ʲ leaves (j ≤ level) that starts on a multiple of itself and stays within target.
        const remaining = Math.abs(target - q);
        let j = level;
        while (j > 1 && (q % 2 ** j !== 0 || 2 ** j > remaining)) j -= 1;
        const clippedByTarget = 2 ** level > remaining;
        const qEnd = q + direction * 2 ** j;
        const tMid = timeAt(q + direction * 2 ** (j - 1));
        const tEnd = timeAt(qEnd);
        const startEvaluations = start.evaluations;
        const attempt = doublingAttempt(solver, start, tMid, tEnd, noiseFor, rtol, atol);
        stats.evaluations += attempt.evaluations + start.evaluations - startEvaluations;
        const errorTensor = attempt.error;
        const error = (await errorTensor.data())[0] as number;
        errorTensor.dispose();
        const accepted = error <= 1;
        try {
          settings.onStep?.({ t, h: tEnd - t, error, accepted });
        } catch (callbackError) {
          attempt.x.dispose();
          throw callbackError;
        }
        if (accepted) {
          start.dispose();
          x.dispose();
          x = attempt.x;
          q = qEnd;
          t = tEnd;
          start = new StepStart(sde, t, x);
          stats.steps += 1;
          const larger = error <= grow ? Math.min(j + 1, bm.depth) : j;
          level = clippedByTarget ? Math.max(level, larger) : larger;
        } else {
          attempt.x.dispose();
          stats.rejected += 1;
          const nonFinite = !Number.isFinite(error);
          const h = span * (2 ** (j - 1) / leaves);
          if (j - 1 < 1 || h < dtMin) {
            status = nonFinite ? 'non-finite' : 'step-size-underflow';
            failure = nonFinite
              ? `the state became non-finite near t = ${t} and halving the step down to ${2 * h} did not help.`
              : `the step would fall to ${h} at t = ${t} (dtMin ${dtMin}, leaf width ${span / leaves}): the error estimate ${error} stays above 1. Loosen rtol/atol, lower dtMin or use a BrownianPath with a smaller tolerance.`;
            break;
          }
          level = Math.max(j - halvingsFor(error), minLevel);
        }
      }
      if (status === 'success') outputs.push(tf.clone(x));
    }
    if (status !== 'success' && settings.throwOnFailure) {
      throw new NumericalError(status, `sdeint (${solver.name}, adaptive) failed: ${failure}`, { t });
    }
    return { ys: tf.stack(outputs), ts: ts.slice(0, outputs.length), status };
  } finally {
    start.dispose();
    tf.dispose([...outputs, x]);
  }
}

/**
 * One step of h = tEnd − t against two of h/2 on the same Brownian path, and their error norm
 * RMS(|y_two − y_one| / (atol + rtol·max(|x|, |y_two|))) over the whole batch. The full step and the first half
 * step read their start's coefficients from `start`; `evaluations` counts the others.
 */
function doublingAttempt(
  solver: SdeSolver,
  start: StepStart,
  tMid: number,
  tEnd: number,
  noiseFor: (ta: number, tb: number) => StepNoise,
  rtol: number,
  atol: number,
): { x: tf.Tensor; error: tf.Tensor; evaluations: number } {
  const run = (from: StepStart, tb: number): StepResult => {
    const noise = noiseFor(from.t, tb);
    try {
      return solver.step(from.sde, from.t, from.x, tb - from.t, noise, from);
    } finally {
      tf.dispose([noise.dW, noise.levyArea]);
    }
  };
  const one = run(start, tEnd);
  let half: StepResult | undefined;
  let middle: StepStart | undefined;
  try {
    half = run(start, tMid);
    middle = new StepStart(start.sde, tMid, half.x);
    const two = run(middle, tEnd);
    const error = tf.tidy(() => errorNorm(tf.sub(two.x, one.x), start.x, two.x, rtol, atol));
    return { x: two.x, error, evaluations: one.evaluations + half.evaluations + two.evaluations + middle.evaluations };
  } finally {
    middle?.dispose();
    tf.dispose([one.x, half?.x]);
  }
}
