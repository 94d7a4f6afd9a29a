import type { NoiseSchedule } from '../schedules/schedule.js';

/**
 * What a network predicts on an affine path x_t = α_t·x_data + σ_t·z.
 *
 * - `data`: x_data (x₀-prediction).
 * - `noise`: z (ε-prediction).
 * - `score`: ∇ log p(x_t | x_data) = −z/σ_t.
 * - `velocity`: the conditional velocity dx_t/dt = α̇_t·x_data + σ̇_t·z (flow matching).
 *
 * @example
 * ```ts
 * const kind: PredictionType = 'velocity';
 * ```
 */
export type PredictionType = 'data' | 'noise' | 'score' | 'velocity';

/** Every {@link PredictionType}, for validation. */
export const PREDICTION_TYPES: readonly PredictionType[] = ['data', 'noise', 'score', 'velocity'];

/** Weights (a, b) of one row's linear map a·first + b·second. */
export type RowCoefficients = readonly [number, number];

/**
 * The weights (a, b) with to-prediction = a·from-prediction + b·x_t at one time.
 *
 * @remarks
 * Solve for the pair (x̂_data, ẑ) from the prediction and x_t = α·x̂_data + σ·ẑ, each as weights on
 * (prediction, x_t):
 *
 * - from `data` p: x̂ = p, ẑ = (x_t − α·p)/σ.
 * - from `noise` p: ẑ = p, x̂ = (x_t − σ·p)/α.
 * - from `score` p: ẑ = −σ·p, x̂ = (x_t + σ²·p)/α.
 * - from `velocity` p: with D = α·σ̇ − σ·α̇ = −½·α·σ·dλ/dt > 0, x̂ = (σ̇·x_t − σ·p)/D, ẑ = (α·p − α̇·x_t)/D.
 *
 * then read out the target as weights on (x̂, ẑ): `data` (1, 0), `noise` (0, 1), `score` (0, −1/σ),
 * `velocity` (α̇, σ̇). A type converted to itself is exactly (1, 0) wherever the type exists. A zero read-out
 * weight drops its term, so an estimate the target does not use (x̂ at α = 0 when converting noise to score)
 * cannot turn the result into 0·∞ = NaN. The score −z/σ does not exist at
 * σ = 0, so any conversion from or to `score` there yields NaN weights. Non-finite weights mean the conversion
 * is undefined at this t (e.g. noise from data at σ = 0, data from noise at α = 0); the caller reports them.
 *
 * @param schedule - The path's schedule.
 * @param from - The prediction type given.
 * @param to - The prediction type wanted.
 * @param t - Time in [0, 1].
 * @returns (a, b), possibly non-finite where the conversion is undefined.
 * @throws {@link InvalidArgumentError} naming `t` for a time outside [0, 1].
 * @example
 * ```ts
 * conversionCoefficients(new LinearSchedule(), 'velocity', 'data', 0.5); // [-0.5, 1]: x̂ = x_t − t·v
 * ```
 * @see Lipman et al., "Flow Matching for Generative Modeling", ICLR 2023.
 * @see Kingma et al., "Variational Diffusion Models", NeurIPS 2021.
 */
export function conversionCoefficients(
  schedule: NoiseSchedule,
  from: PredictionType,
  to: PredictionType,
  t: number,
): RowCoefficients {
  const alpha = schedule.alpha(t);
  const sigma = schedule.sigma(t);
  const dAlpha = schedule.dAlpha(t);
  const dSigma = schedule.dSigma(t);
  if (sigma === 0 && (from === 'score' || to === 'score')) return [Number.NaN, Number.NaN];
  if (from === to) return [1, 0];
  const [data, noise] = solve(from, alpha, sigma, dAlpha, dSigma);
  const [onData, onNoise] = readOut(to, sigma, dAlpha, dSigma);
  return [weigh(onData, data[0]) + weigh(onNoise, noise[0]), weigh(onData, data[1]) + weigh(onNoise, noise[1])];
}

/** (x̂_data, ẑ), each as weights on (prediction, x_t). */
function solve(
  from: PredictionType,
  alpha: number,
  sigma: number,
  dAlpha: number,
  dSigma: number,
): readonly [RowCoefficients, RowCoefficients] {
  switch (from) {
    case 'data':
      return [
        [1, 0],
        [-alpha / sigma, 1 / sigma],
      ];
    case 'noise':
      return [
        [-sigma / alpha, 1 / alpha],
        [1, 0],
      ];
    case 'score':
      return [
        [sigma ** 2 / alpha, 1 / alpha],
        [-sigma, 0],
      ];
    case 'velocity': {
      const det = alpha * dSigma - sigma * dAlpha;
      return [
        [-sigma / det, dSigma / det],
        [alpha / det, -dAlpha / det],
      ];
    }
  }
}

/** The target as weights on (x̂_data, ẑ). */
function readOut(to: PredictionType, sigma: number, dAlpha: number, dSigma: number): RowCoefficients {
  switch (to) {
    case 'data':
      return [1, 0];
    case 'noise':
      return [0, 1];
    case 'score':
      return [0, -1 / sigma];
    case 'velocity':
      return [dAlpha, dSigma];
  }
}

/** weight·value, where a zero weight contributes exactly 0 even when value is infinite or NaN. */
function weigh(weight: number, value: number): number {
  return weight === 0 ? 0 : weight * value;
}
