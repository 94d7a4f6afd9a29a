import type { WebglPrecisionSettings } from '@gen/backend-webgl';
import { sample } from '@gen/ode';
import { getSampler } from '@gen/sde';
import { priorOf, samplingProblem, solveChoice } from './sampling';
import type { SamplingSettings } from './settings';
import type { TrainedModel } from './state';

/** Points of the trajectory animation. */
export const TRAJ_POINTS = 64;

/** Output times (frames) of the trajectory animation. */
export const TRAJ_FRAMES = 30;

/** The ODE method that animates a diffusion model when a diffusion sampler (not an ODE method) is selected. */
const FLOW_METHOD = 'rk4';

/**
 * The frames' times: `count` times evenly from 1 (the prior) down to t0, the start of the sampling span.
 *
 * @param t0 - The span's start (0 for flows, 1e-3 for `dsm`).
 * @param count - The number of frames, ≥ 2 (default TRAJ_FRAMES).
 * @returns Decreasing times, the first 1 and the last t0.
 * @example
 * ```ts
 * frameTimes(0)[29]; // 0
 * ```
 */
export function frameTimes(t0: number, count: number = TRAJ_FRAMES): number[] {
  return Array.from({ length: count }, (_, k) => 1 + ((t0 - 1) * k) / (count - 1));
}

/**
 * Moves TRAJ_POINTS prior points from t = 1 to the start of the model's sampling span along its sampling field
 * (the model for flows, the probability-flow ODE for `dsm`), with `sample` of `@gen/ode` from each frame's time to
 * the next: the selected ODE method (rk4 when a diffusion sampler is selected), each piece taking an equal share of
 * the Steps field (at least one step) or the tolerances.
 *
 * @param model - The model; borrowed.
 * @param dim - The data dimension.
 * @param settings - Method, steps or tolerances, and the sample seed (of the prior draw).
 * @param precision - The active backend's settings (tolerance floors).
 * @returns The states at the TRAJ_FRAMES times, [frame][point][dim].
 * @throws `InvalidArgumentError` naming `method` for no row of the sampler table; `NumericalError` when a solve
 *   fails.
 * @example
 * ```ts
 * (await trajectoryFrames(model, 2, settings, precision)).length; // 30
 * ```
 */
export async function trajectoryFrames(
  model: TrainedModel,
  dim: number,
  settings: SamplingSettings,
  precision: WebglPrecisionSettings,
): Promise<number[][][]> {
  const method = getSampler(settings.method, 'method').needsDiffusion ? FLOW_METHOD : settings.method;
  const steps = Math.max(1, Math.round(settings.steps / (TRAJ_FRAMES - 1)));
  const { options } = solveChoice({ ...settings, method, steps }, precision);
  const problem = samplingProblem(model);
  const times = frameTimes(problem.timeSpan[0]);
  let x = priorOf(problem, dim).sample(TRAJ_POINTS, settings.seed);
  try {
    const frames = [(await x.array()) as number[][]];
    for (let k = 1; k < TRAJ_FRAMES; k += 1) {
      const timeSpan = [times[k], times[k - 1]] as [number, number];
      const { x: next } = await sample(problem, x, { ...options, timeSpan });
      x.dispose();
      x = next;
      frames.push((await x.array()) as number[][]);
    }
    return frames;
  } finally {
    x.dispose();
  }
}
