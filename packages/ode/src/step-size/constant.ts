import { gridStep } from '@gen/core/internal';
import type { StepSizeController } from './controller.js';

/**
 * Constant steps (diffrax's `ConstantStepSize`): each interval between output times is split into equal steps no
 * longer than `stepSize` (one step per interval without one), so every output time is hit exactly; every step is
 * accepted.
 *
 * @param stepSize - The largest step magnitude, or undefined for one step per interval.
 * @returns The controller (not `adaptive`). A step that no longer moves t in float64 fails with
 *   `'step-size-underflow'` (the public entry points refuse such grids before the first step).
 * @example
 * ```ts
 * constantStepSize(0.3).propose(0, 1); // { t0: 0, h: 0.25, t1: 0.25 }
 * ```
 */
export function constantStepSize(stepSize: number | undefined): StepSizeController {
  return {
    adaptive: false,
    propose(t, target) {
      const { hStep, t1 } = gridStep(t, target, stepSize);
      if (t1 === t) {
        return {
          status: 'step-size-underflow',
          message: `the step ${hStep} no longer moves t = ${t} (t + h == t in float64). Use a larger stepSize.`,
        };
      }
      return { t0: t, h: hStep, t1 };
    },
    adapt: () => true,
  };
}
