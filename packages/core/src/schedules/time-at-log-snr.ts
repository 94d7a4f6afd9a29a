import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { NumericalError } from '../errors/numerical-error.js';
import type { NoiseSchedule } from './schedule.js';

/** Bisection stops when the bracket is this narrow: 2⁻⁵³, below the float64 spacing of t near 1. */
const BISECTION_WIDTH = 2 ** -53;

/**
 * The time t ∈ [0, 1] at which a schedule's log-SNR equals `lambda`: the inverse of λ_t = log(α_t²/σ_t²).
 *
 * @remarks
 * λ_t decreases strictly from λ_0 (data end) to λ_1 (prior end), so the inverse is unique on [λ_1, λ_0]. The
 * endpoints are answered exactly: λ = λ_0 gives 0 and λ = λ_1 gives 1, including the infinite cases (λ = +∞ where
 * σ_0 = 0, λ = −∞ where α_1 = 0). Inside, the schedule's closed form `inverseLogSnr` is used when it has one
 * (all built-in schedules do); otherwise bisection on [0, 1] to a bracket of 2⁻⁵³ (53 evaluations). The
 * result is clamped to [0, 1] against rounding. DPM-Solver uses this to place its intermediate times, which
 * are uniform in λ.
 *
 * @param schedule - Any {@link NoiseSchedule} with strictly decreasing `logSnr`.
 * @param lambda - A log-SNR in [λ_1, λ_0] (infinite values allowed when they are the endpoints).
 * @returns The time t with λ_t = `lambda`, in [0, 1].
 * @throws {@link InvalidArgumentError} naming `lambda` when it is NaN, not a number, or outside [λ_1, λ_0];
 *   {@link NumericalError} (`non-finite`) when bisection meets a NaN log-SNR from a custom schedule.
 * @example
 * ```ts
 * const schedule = new VPSchedule();
 * const t = timeAtLogSnr(schedule, 0);           // where α = σ
 * schedule.logSnr(t);                            // ≈ 0
 * timeAtLogSnr(schedule, Number.POSITIVE_INFINITY); // 0
 * ```
 * @see Lu et al., "DPM-Solver: A Fast ODE Solver for Diffusion Probabilistic Model Sampling in Around 10 Steps",
 *   NeurIPS 2022.
 * @see Kingma et al., "Variational Diffusion Models", NeurIPS 2021.
 */
export function timeAtLogSnr(schedule: NoiseSchedule, lambda: number): number {
  const atData = schedule.logSnr(0);
  const atPrior = schedule.logSnr(1);
  if (typeof lambda !== 'number' || !(lambda >= atPrior && lambda <= atData)) {
    throw new InvalidArgumentError(
      'lambda',
      `a log-SNR in [λ(1), λ(0)] = [${atPrior}, ${atData}] for the "${schedule.name}" schedule`,
      lambda,
    );
  }
  if (lambda === atData) return 0;
  if (lambda === atPrior) return 1;
  const t = schedule.inverseLogSnr?.(lambda) ?? bisect(schedule, lambda);
  return Math.min(1, Math.max(0, t));
}

/** Bisection for λ_t = lambda on [0, 1], assuming λ_0 > lambda > λ_1 and λ decreasing. */
function bisect(schedule: NoiseSchedule, lambda: number): number {
  let lo = 0;
  let hi = 1;
  while (hi - lo > BISECTION_WIDTH) {
    const mid = 0.5 * (lo + hi);
    const value = schedule.logSnr(mid);
    if (Number.isNaN(value)) {
      throw new NumericalError(
        'non-finite',
        `The "${schedule.name}" schedule's logSnr(${mid}) is NaN while solving λ(t) = ${lambda}.`,
        { t: mid },
      );
    }
    if (value > lambda) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
