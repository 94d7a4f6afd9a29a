import type { DiffusionProcess } from '../processes/process.js';

/** Bisection iterations for a time at a given log-SNR: 2⁻⁶⁰ of the bracket, below float64 spacing. */
const BISECTION_STEPS = 60;

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
 * The half log-SNR λ_t = log(α_t/σ_t) of a process (DPM-Solver's λ), decreasing in t.
 *
 * @param process - The process.
 * @param t - Time in (0, 1].
 * @returns λ_t.
 * @example
 * ```ts
 * halfLogSnr(new VPSDE(), 1); // ≈ −5.02
 * ```
 */
export function halfLogSnr(process: DiffusionProcess, t: number): number {
  const { mean, std } = process.marginal(t);
  return Math.log(mean) - Math.log(std);
}

/**
 * `steps + 1` times from t1 down to t0, equally spaced in λ_t = log(α_t/σ_t) (DPM-Solver's recommended grid).
 *
 * @remarks
 * Interior times solve λ_t = λ by bisection on [t0, t1], which works for any process whose λ_t decreases.
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
  const start = halfLogSnr(process, t1);
  const end = halfLogSnr(process, t0);
  return Array.from({ length: steps + 1 }, (_, i) => {
    if (i === 0) return t1;
    if (i === steps) return t0;
    const lambda = start + ((end - start) * i) / steps;
    let lo = t0;
    let hi = t1;
    for (let k = 0; k < BISECTION_STEPS; k += 1) {
      const mid = 0.5 * (lo + hi);
      if (halfLogSnr(process, mid) > lambda) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  });
}
