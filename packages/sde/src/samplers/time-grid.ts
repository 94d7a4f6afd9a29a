import { timeAtLogSnr } from '@gen/core';
import type { DiffusionProcess } from '../processes/process.js';

/**
 * `steps + 1` times from t1 down to t0, equally spaced in t (the grid of score_sde and DDIM here).
 *
 * @param steps - The number of steps, ≥ 1.
 * @param timeSpan - [t0, t1], t0 < t1.
 * @returns t1 = s_0 > s_1 > … > s_steps = t0, both ends exact.
 * @example
 * ```ts
 * uniformTimeGrid(2, [0.2, 1]); // [1, 0.6, 0.2]
 * ```
 */
export function uniformTimeGrid(steps: number, timeSpan: readonly [number, number]): number[] {
  const [t0, t1] = timeSpan;
  return Array.from({ length: steps + 1 }, (_, i) => (i === steps ? t0 : t1 - ((t1 - t0) * i) / steps));
}

/**
 * `steps + 1` times from t1 down to t0, equally spaced in the log-SNR λ_t = log(α_t²/σ_t²) of the process's
 * schedule (DPM-Solver's recommended grid).
 *
 * @remarks
 * Interior times are `timeAtLogSnr` of `@gen/core` on `process.schedule` (its closed-form inverse, or bisection
 * where the schedule has none).
 *
 * @param process - The process.
 * @param steps - The number of steps, ≥ 1.
 * @param timeSpan - [t0, t1] within (0, 1].
 * @returns t1 = s_0 > s_1 > … > s_steps = t0, both ends exact.
 * @example
 * ```ts
 * const ts = logSnrTimeGrid(new VPSDE(), 20, [1e-3, 1]);
 * ```
 * @see Lu et al., "DPM-Solver: A Fast ODE Solver for Diffusion Probabilistic Model Sampling in Around 10 Steps",
 *   NeurIPS 2022.
 */
export function logSnrTimeGrid(
  process: DiffusionProcess,
  steps: number,
  timeSpan: readonly [number, number],
): number[] {
  const [t0, t1] = timeSpan;
  const { schedule } = process;
  const start = schedule.logSnr(t1);
  const end = schedule.logSnr(t0);
  return Array.from({ length: steps + 1 }, (_, i) => {
    if (i === 0) return t1;
    if (i === steps) return t0;
    return timeAtLogSnr(schedule, start + ((end - start) * i) / steps);
  });
}
