import type { Solution, SolveStats } from '@gen/core';
import {
  budgetFailure,
  checkFinite,
  finishSolve,
  isStepFailure,
  type Readbacks,
  readValues,
  SavedOutputs,
  type StepFailure,
} from '@gen/ode/internal';
import * as tf from '@tensorflow/tfjs';
import { doublingStep, singleStep } from './attempt.js';
import type { SdeStepInfo } from './options.js';
import type { SdeSolveSettings } from './settings.js';
import { StepStart } from './solvers/index.js';
import type { Sde } from './types.js';

/**
 * The solve loop behind `sdeint`.
 *
 * @remarks
 * Each step: the step-size controller proposes it (constant steps on the output grid, or dyadic steps on a
 * Brownian path), the method attempts it (once, or by step doubling with an error norm read back), the controller
 * accepts or rejects it; a step that lands on an output time saves the state there (fixed steps check its
 * finiteness first, one readback per output time). Drift and diffusion at each step's start are evaluated at most
 * once, shared by every attempt from there. The loop yields a tensor whenever it needs numbers from the device;
 * `runAsync` drives it. Every tensor it creates is disposed or returned.
 *
 * @param settings - The validated problem and options.
 * @returns The solution (a generator of readbacks that returns it).
 */
export function* solve(settings: SdeSolveSettings): Readbacks<Solution> {
  const { sde, solver, ts } = settings;
  const end = ts[ts.length - 1] as number;
  const stats: SolveStats = { nfe: 0, steps: 0, accepted: 0, rejected: 0 };
  const controller = settings.controller();
  const noiseFor = (ta: number, tb: number) => settings.noiseFor(stats.steps, ta, tb);
  let start = checkedStart(sde, ts[0] as number, settings.y0);
  stats.nfe = start.nfe;
  const outputs = new SavedOutputs(ts, settings.y0);
  let [t, x] = [ts[0] as number, tf.clone(settings.y0)];
  let failure: StepFailure | undefined;
  try {
    while (!outputs.done && failure === undefined) {
      const target = outputs.target;
      const step = controller.propose(t, target);
      failure = isStepFailure(step) ? step : budgetFailure(stats.steps, settings.maxSteps, t, end, controller.adaptive);
      if (failure !== undefined || isStepFailure(step)) break;
      const counted = start.nfe;
      const attempt = controller.adaptive
        ? doublingStep(solver, start, step.tMid as number, step.t1, noiseFor, settings.rtol, settings.atol)
        : { ...singleStep(solver, start, step.t1, noiseFor, step.h), error: undefined };
      stats.nfe += attempt.nfe + start.nfe - counted;
      stats.steps += 1;
      const error = attempt.error === undefined ? 0 : ((yield* readValues(attempt.error))[0] as number);
      const accepted = controller.adapt(step, error);
      report(settings, attempt.x, { t, h: step.h, error, accepted });
      if (!accepted) {
        stats.rejected += 1;
        attempt.x.dispose();
        continue;
      }
      stats.accepted += 1;
      start.dispose();
      x.dispose();
      [t, x] = [step.t1, attempt.x];
      start = new StepStart(sde, t, x);
      if (t !== target) continue;
      if (!controller.adaptive) failure = yield* checkFinite(x, t, stats.steps);
      if (failure === undefined) outputs.saveUntil(t, () => tf.clone(x));
    }
    const name = `sdeint (${controller.adaptive ? `${solver.name}, adaptive` : solver.name})`;
    return finishSolve(outputs, stats, failure, settings.throwOnFailure, name, t);
  } finally {
    start.dispose();
    outputs.dispose();
    x.dispose();
  }
}

/**
 * Evaluates drift and diffusion at the first point, checking their shapes against the state and the noise type,
 * as the first step's {@link StepStart} (owned by the caller), so the check costs no extra evaluation.
 */
function checkedStart(sde: Sde, t: number, y0: tf.Tensor): StepStart {
  const start = new StepStart(sde, t, y0);
  try {
    start.drift();
    start.diffusion();
    return start;
  } catch (error) {
    start.dispose();
    throw error;
  }
}

/** Calls `onStep` with an attempt; frees the attempt's state when the callback throws. */
function report(settings: SdeSolveSettings, x: tf.Tensor, info: SdeStepInfo): void {
  try {
    settings.onStep?.(info);
  } catch (error) {
    x.dispose();
    throw error;
  }
}
