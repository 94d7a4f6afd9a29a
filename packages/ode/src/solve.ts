import { NumericalError, type VectorField } from '@gen/core';
import { evaluateField, gridStep } from '@gen/core/internal';
import * as tf from '@tensorflow/tfjs';
import { makeController } from './controller.js';
import { type AcceptedStep, interpolate } from './dense-output.js';
import { errorNorm } from './error-norm.js';
import { locateEvent } from './event.js';
import { initialStep } from './initial-step.js';
import type { ControllerOptions, OdeSolution, OdeStats, OdeStatus, StepInfo } from './options.js';
import { type Readbacks, readValues } from './readback.js';
import { rungeKuttaStep } from './runge-kutta.js';
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
  /** Step-size controller settings. */
  readonly controllerOptions: ControllerOptions;
  /** Count of leading flattened state entries in the error norm (a seminorm); all when undefined. */
  readonly errorElements: number | undefined;
}

/**
 * The one solver loop behind `odeint`, `odeintSync`, `odeintAdjoint` and the likelihood functions.
 *
 * @remarks
 * Owns the step loop, the step-size control (adaptive methods) or the grid (fixed-step methods), dense output at
 * the requested times, the terminal event, the counters and the failure status. It yields a tensor whenever it
 * needs numbers from the device (error norms, finiteness checks); `runSync` and `runAsync` drive it. Every tensor
 * it creates is disposed or returned.
 *
 * @param settings - The validated problem and options.
 * @returns The solution (a generator of readbacks that returns it).
 */
export function* solve(settings: SolveSettings): Readbacks<OdeSolution> {
  const { tableau, ts, y0 } = settings;
  const controller = makeController(tableau.errorOrder ?? tableau.order, settings.controllerOptions);
  const stats: OdeStats = { nfe: 0, steps: 0, accepted: 0, rejected: 0 };
  // Every evaluation runs in tidy and hands back a tensor the loop owns, whatever the user's field does.
  const f: VectorField = (t, y) => {
    stats.nfe += 1;
    return evaluateField(settings.f, t, y, 'f(t, y)');
  };
  const owned = new Set<tf.Tensor>();
  const own = <T extends tf.Tensor>(x: T): T => {
    owned.add(x);
    return x;
  };
  const release = (...xs: (tf.Tensor | undefined)[]): void => {
    for (const x of xs) {
      if (x !== undefined && owned.delete(x)) x.dispose();
    }
  };
  const outputs: tf.Tensor[] = [own(tf.clone(y0))];
  const tEnd = ts[ts.length - 1] as number;
  const direction = Math.sign(tEnd - (ts[0] as number)) || 1;
  let t = ts[0] as number;
  let y = own(tf.clone(y0));
  let status: OdeStatus = 'success';
  let failure = '';
  let event: { t: number; y: tf.Tensor } | undefined;
  try {
    let k1: tf.Tensor | undefined = own(f(t, y));
    let h = 0;
    if (settings.adaptive) {
      const first =
        settings.firstStep ??
        (yield* initialStep(f, t, y, k1, direction, Math.abs(tEnd - t), tableau.order, settings.rtol, settings.atol));
      if (typeof first === 'number') {
        h = direction * Math.min(first, settings.maxStep);
      } else {
        status = first.status;
        failure = first.message;
      }
    }
    let gStart = settings.event?.(t, y);
    let previousRatio = 1;
    let rejectedLast = false;
    // Where the last attempt with a non-finite error norm first went non-finite (undefined: nowhere, the norm
    // itself overflowed), read back only on that rare path.
    let nonFinite: string | undefined;
    let next = 1;
    while (next < ts.length && status === 'success') {
      if (stats.steps >= settings.maxSteps) {
        status = 'max-steps';
        failure = settings.adaptive
          ? `reached maxSteps = ${settings.maxSteps} at t = ${t} before t = ${tEnd}. Raise options.maxSteps or loosen rtol/atol.`
          : `reached maxSteps = ${settings.maxSteps} at t = ${t} before t = ${tEnd}. Raise options.maxSteps or use a larger stepSize.`;
        break;
      }
      const target = ts[next] as number;
      const { hStep, t1 } = settings.adaptive
        ? adaptiveStep(t, h, tEnd, direction)
        : gridStep(t, target, settings.stepSize);
      if (!settings.adaptive && t1 === t) {
        status = 'step-size-underflow';
        failure = `the step ${hStep} no longer moves t = ${t} (t + h == t in float64).`;
        break;
      }
      k1 ??= own(f(t, y));
      const attempt = rungeKuttaStep(f, tableau, t, y, hStep, k1, settings.adaptive);
      attempt.stages.slice(1).forEach(own);
      own(attempt.y1);
      stats.steps += 1;
      let ratio = 0;
      if (attempt.error !== undefined) {
        const norm = errorNorm(attempt.error, y, attempt.y1, settings.rtol, settings.atol, settings.errorElements);
        attempt.error.dispose();
        ratio = (yield* readValues(norm))[0] as number;
      }
      if (!(ratio <= 1)) {
        stats.rejected += 1;
        nonFinite = Number.isFinite(ratio)
          ? undefined
          : yield* locateNonFinite(tableau, t, hStep, [...attempt.stages, attempt.y1]);
        release(attempt.y1, ...attempt.stages.slice(1));
        rejectedLast = true;
      } else {
        stats.accepted += 1;
        let kNext: tf.Tensor | undefined = tableau.fsal ? attempt.stages[tableau.stages - 1] : undefined;
        const step: AcceptedStep = {
          t0: t,
          h: hStep,
          y0: y,
          y1: attempt.y1,
          stages: attempt.stages,
          kNext: () => {
            kNext ??= own(f(t1, attempt.y1));
            return kNext;
          },
        };
        let stopAt = t1;
        if (settings.event !== undefined) {
          const gEnd = settings.event(t1, attempt.y1);
          if (gEnd === 0 || Math.sign(gEnd) === -Math.sign(gStart ?? 0)) {
            const located = locateEvent(settings.event, tableau, step, gStart ?? 0, gEnd);
            event = { t: located.t, y: own(located.y) };
            stopAt = located.t;
          }
          gStart = gEnd;
        }
        while (next < ts.length && ((ts[next] as number) - stopAt) * direction <= 0) {
          outputs.push(own(interpolate(tableau, step, ts[next] as number)));
          next += 1;
        }
        release(y, ...attempt.stages.filter((k) => k !== kNext));
        y = attempt.y1;
        k1 = kNext;
        t = t1;
        previousRatio = Math.max(ratio, 1e-4);
        rejectedLast = false;
        nonFinite = undefined;
        settings.onStep?.({ t, h: hStep, stats: { ...stats } });
        if (event !== undefined) {
          status = 'event';
          break;
        }
        if (!settings.adaptive && t === target) {
          const [finite] = yield* readValues(tf.tidy(() => tf.all(tf.isFinite(y)).cast('float32')));
          if (finite !== 1) {
            status = 'non-finite';
            failure = `the state became non-finite by t = ${t}. Use a smaller stepSize or an adaptive method.`;
            break;
          }
        }
      }
      if (settings.adaptive && next < ts.length) {
        h = hStep * controller.factor(ratio, previousRatio, rejectedLast);
        if (Math.abs(h) > settings.maxStep) h = direction * settings.maxStep;
        if (Math.abs(h) < settings.minStep || t + h === t) {
          status = nonFinite === undefined ? 'step-size-underflow' : 'non-finite';
          failure =
            nonFinite === undefined
              ? `the step size fell to ${Math.abs(h)} at t = ${t} (minStep ${settings.minStep}); the solution may blow up or be very stiff there.`
              : `${nonFinite} near t = ${t} and shrinking the step (last tried h = ${hStep}) did not help.`;
          break;
        }
      }
    }
    if (status !== 'success' && status !== 'event' && settings.throwOnFailure) {
      throw new NumericalError(status, `odeint (${tableau.name}) failed: ${failure}`, { t });
    }
    const ys = tf.stack(outputs);
    const solution: OdeSolution = { ys, ts: ts.slice(0, outputs.length), stats, status };
    if (event !== undefined) {
      owned.delete(event.y);
      solution.event = event;
    }
    return solution;
  } finally {
    for (const x of owned) x.dispose();
  }
}

/** The next adaptive step from t: the controller's h, clipped so the last step lands exactly on tEnd. */
function adaptiveStep(t: number, h: number, tEnd: number, direction: number): { hStep: number; t1: number } {
  const clipped = (t + h - tEnd) * direction >= 0;
  return clipped ? { hStep: tEnd - t, t1: tEnd } : { hStep: h, t1: t + h };
}

/**
 * Which tensor of a rejected attempt is the first with a NaN or an infinity: its stages in order, then the new state
 * (one readback; only called when the error norm is not finite).
 */
function* locateNonFinite(
  tableau: ButcherTableau,
  t: number,
  h: number,
  tensors: readonly tf.Tensor[],
): Readbacks<string | undefined> {
  const flags = yield* readValues(tf.tidy(() => tf.stack(tensors.map((x) => tf.all(tf.isFinite(x)).cast('float32')))));
  const bad = Array.from(flags).findIndex((v) => v !== 1);
  if (bad === -1) return undefined;
  if (bad === tensors.length - 1) return `the new state y(t + h) became non-finite (h = ${h})`;
  const stageTime = t + (tableau.c[bad] as number) * h;
  return `f(t, y) returned non-finite values at stage ${bad + 1} of ${tableau.stages} (t = ${stageTime}, h = ${h})`;
}
