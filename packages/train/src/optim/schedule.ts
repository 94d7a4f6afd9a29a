/** A learning-rate schedule over a run of `steps` updates. */
export type LearningRateSchedule = 'constant' | 'cosine' | 'linear';

/**
 * The learning rate at an update: linear warm-up from 0 over `warmupSteps`, then constant, cosine decay to 0, or
 * linear decay to 0 at the last step.
 *
 * @param schedule - The shape after warm-up.
 * @param baseRate - The peak learning rate.
 * @param step - The update index, 0-based.
 * @param steps - The total number of updates.
 * @param warmupSteps - Warm-up length (default 0).
 * @returns The learning rate for this update.
 * @example
 * ```ts
 * learningRateAt('cosine', 1e-3, 500, 1000); // 5e-4
 * ```
 * @see Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017 (cosine decay).
 */
export function learningRateAt(
  schedule: LearningRateSchedule,
  baseRate: number,
  step: number,
  steps: number,
  warmupSteps = 0,
): number {
  if (step < warmupSteps) return (baseRate * (step + 1)) / warmupSteps;
  const progress = steps > warmupSteps ? (step - warmupSteps) / (steps - warmupSteps) : 0;
  switch (schedule) {
    case 'cosine':
      return 0.5 * baseRate * (1 + Math.cos(Math.PI * progress));
    case 'linear':
      return baseRate * (1 - progress);
    default:
      return baseRate;
  }
}
