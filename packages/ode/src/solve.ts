import type { SolveStats, VectorField } from '@gen/core';
import { evaluateField } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { acceptedStep, interpolate } from './dense-output.js';
import { errorNorm } from './error-norm.js';
import { EventWatcher } from './event.js';
import { checkFinite } from './finite-check.js';
import type { OdeEvent, OdeSolution, StepInfo } from './options.js';
import { OwnedTensors } from './owned-tensors.js';
import { type Readbacks, readValues } from './readback.js';
import { type RungeKuttaStep, rungeKuttaStep } from './runge-kutta.js';
import { finishSolve, SavedOutputs } from './saved-outputs.js';
import { budgetFailure, isStepFailure, type ProposedStep, type StepFailure } from './step-size/controller.js';
import type { PIFactor } from './step-size/pi.js';
import { startController } from './step-size/start-controller.js';
import type { ButcherTableau } from './tableaus/index.js';

/** A fully validated solve: what the public entry points hand to {@link solve}. */
export interface SolveSettings {
  /** The vector field. */
  readonly f: VectorField;
  /** The initial state (not disposed). */
  readonly y0: tf.Tensor;
  /** Output times, strictly monotone. */
  readonly ts: readonly number[];
  /** The method. */
  readonly tableau: ButcherTableau;
  /** Whether steps adapt to the error estimate (an adaptive method without a fixed stepSize). */
  readonly adaptive: boolean;
  /** Relative tolerance. */
  readonly rtol: number;
  /** Absolute tolerance. */
  readonly atol: number;
  /** Fixed step size, when given. */
  readonly stepSize: number | undefined;
  /** First adaptive step, when given. */
  readonly firstStep: number | undefined;
  /** Smallest adaptive step. */
  readonly minStep: number;
  /** Largest adaptive step. */
  readonly maxStep: number;
  /** Step budget. */
  readonly maxSteps: number;
  /** Throw on failure instead of returning a status. */
  readonly throwOnFailure: boolean;
  /** Terminal event. */
  readonly event: ((t: number, y: tf.Tensor) => number) | undefined;
  /** Progress callback. */
  readonly onStep: ((info: StepInfo) => void) | undefined;
  /** The PI controller's step factor (validated `options.controller`). */
  readonly piFactor: PIFactor;
  /** Count of leading flattened state entries in the error norm (a seminorm); all when undefined. */
  readonly errorElements: number | undefined;
}

/**
 * The one solver loop behind `odeint`, `odeintSync`, `odeintAdjoint` and the likelihood functions.
 *
 * @remarks
 * Each step: the step-size controller proposes it (constant steps, or PI control with dense output at the
 * requested times), one generic Runge–Kutta step attempts it, the controller accepts or rejects it from the error
 * norm; an accepted step is checked for the terminal event and saves the output times it passed. The loop yields a
 * tensor whenever it needs numbers from the device (error norms, finiteness checks); `runSync` and `runAsync`
 * drive it. Every tensor it creates is disposed or returned.
 *
 * @param settings - The validated problem and options.
 * @returns The solution (a generator of readbacks that returns it).
 */
export function* solve(settings: SolveSettings): Readbacks<OdeSolution> {
  const { tableau, ts } = settings;
  const stats: SolveStats = { nfe: 0, steps: 0, accepted: 0, rejected: 0 };
  const f = countedField(settings.f, stats);
  const owned = new OwnedTensors();
  const outputs = new SavedOutputs(ts, settings.y0);
  let [t, y] = [ts[0] as number, owned.own(tf.clone(settings.y0))];
  let failure: StepFailure | undefined;
  let event: OdeEvent | undefined;
  try {
    let k1: tf.Tensor | undefined = owned.own(f(t, y));
    const controller = yield* startController(settings, f, t, y, k1);
    const watcher = settings.event && new EventWatcher(settings.event, tableau, t, y);
    let nonFinite: StepFailure | undefined; // set while the last attempt was rejected with non-finite values
    while (!outputs.done && failure === undefined) {
      const target = outputs.target;
      const step = controller.propose(t, target);
      failure = isStepFailure(step)
        ? (nonFinite ?? step)
        : budgetFailure(stats.steps, settings.maxSteps, t, ts[ts.length - 1] as number, controller.adaptive);
      if (failure !== undefined || isStepFailure(step)) break;
      k1 ??= owned.own(f(t, y));
      const attempt = rungeKuttaStep(f, tableau, t, y, step.h, k1, controller.adaptive);
      owned.own(attempt.y1, ...attempt.stages.slice(1));
      stats.steps += 1;
      const error = attempt.error === undefined ? 0 : yield* readErrorNorm(settings, attempt, y);
      if (!controller.adapt(step, error)) {
        stats.rejected += 1;
        nonFinite = Number.isFinite(error) ? undefined : yield* locateNonFinite(tableau, step, attempt);
        owned.release(attempt.y1, ...attempt.stages.slice(1));
        continue;
      }
      stats.accepted += 1;
      const accepted = acceptedStep(tableau, t, step.h, y, attempt, () => owned.own(f(step.t1, attempt.y1)));
      const fired = watcher?.check(accepted, step.t1);
      event = fired && { t: fired.t, y: owned.own(fired.y) };
      outputs.saveUntil(event?.t ?? step.t1, (time) => interpolate(tableau, accepted, time));
      owned.release(y, ...attempt.stages.filter((k) => k !== accepted.knownNext()));
      [t, y, k1, nonFinite] = [step.t1, attempt.y1, accepted.knownNext(), undefined];
      settings.onStep?.({ t, h: step.h, stats: { ...stats } });
      if (event !== undefined) break;
      if (!controller.adaptive && t === target) failure = yield* checkFinite(y, t, stats.steps);
    }
    const name = `odeint (${tableau.name})`;
    const solution: OdeSolution = finishSolve(outputs, stats, failure, settings.throwOnFailure, name, t);
    if (event === undefined) return solution;
    return { ...solution, status: 'event', event: { t: event.t, y: owned.handOver(event.y) } };
  } finally {
    outputs.dispose();
    owned.disposeAll();
  }
}

/** The field as the loop calls it: counted in `stats.nfe`, through `evaluateField` (tidied, value cloned). */
function countedField(field: VectorField, stats: SolveStats): VectorField {
  return (t, y) => {
    stats.nfe += 1;
    return evaluateField(field, t, y, 'f(t, y)');
  };
}

/** The attempt's scaled error norm, read back (disposes the error estimate). */
function* readErrorNorm(settings: SolveSettings, attempt: RungeKuttaStep, y: tf.Tensor): Readbacks<number> {
  const error = attempt.error as tf.Tensor;
  const norm = errorNorm(error, y, attempt.y1, settings.rtol, settings.atol, settings.errorElements);
  error.dispose();
  return (yield* readValues(norm))[0] as number;
}

/**
 * Which tensor of a rejected attempt is the first with a NaN or an infinity: its stages in order, then the new state
 * (one readback; only called when the error norm is not finite). The failure to report should shrinking the step
 * not get past it; undefined when every tensor is finite (the norm itself overflowed).
 */
function* locateNonFinite(
  tableau: ButcherTableau,
  step: ProposedStep,
  attempt: RungeKuttaStep,
): Readbacks<StepFailure | undefined> {
  const tensors = [...attempt.stages, attempt.y1];
  const flags = yield* readValues(tf.tidy(() => tf.stack(tensors.map((x) => tf.all(tf.isFinite(x)).cast('float32')))));
  const bad = Array.from(flags).findIndex((v) => v !== 1);
  if (bad === -1) return undefined;
  const { t0: t, h } = step;
  const where =
    bad === tensors.length - 1
      ? `the new state y(t + h) became non-finite (h = ${h})`
      : `f(t, y) returned non-finite values at stage ${bad + 1} of ${tableau.stages} (t = ${t + (tableau.c[bad] as number) * h}, h = ${h})`;
  return {
    status: 'non-finite',
    message: `${where} near t = ${t} and shrinking the step (last tried h = ${h}) did not help.`,
  };
}
