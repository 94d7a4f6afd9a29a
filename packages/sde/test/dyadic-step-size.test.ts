import { isStepFailure } from '@gen/ode/internal';
import { describe, expect, it } from 'vitest';
import { BrownianPath } from '../src/index.js';
import { type DyadicStep, DyadicStepSize } from '../src/step-size/dyadic.js';

/** A path on [0, 1] with 16 leaves of 1/16, and a controller on it from the given level (Euler: p + ½ = 1). */
function controllerOn(ts: number[], initialLevel: number, minStep = 0) {
  const bm = new BrownianPath({ shape: [1, 1], t0: 0, t1: 1, seed: 0, tolerance: 1 / 16 });
  const positions = ts.map((t) => t * 16);
  return new DyadicStepSize({ bm, ts, positions, initialLevel, minStep, strongOrder: 0.5 });
}

function asStep(proposal: ReturnType<DyadicStepSize['propose']>): DyadicStep {
  if (isStepFailure(proposal)) throw new Error(`unexpected failure: ${proposal.message}`);
  return proposal;
}

describe('DyadicStepSize', () => {
  it('proposes steps of 2ʲ leaves on multiples of themselves, with their midpoints, landing on output times', () => {
    const controller = controllerOn([0, 0.75, 1], 3);
    const first = asStep(controller.propose(0, 0.75));
    expect(first).toMatchObject({ t0: 0, t1: 0.5, h: 0.5, tMid: 0.25, level: 3 });
    // err ≤ 0.9·2^−1 doubles the level (up to the path's depth), but 0.5 + 1 would pass 0.75: the step is cut.
    expect(controller.adapt(first, 0.4)).toBe(true);
    const second = asStep(controller.propose(0.5, 0.75));
    expect(second).toMatchObject({ t0: 0.5, t1: 0.75, tMid: 0.625, level: 2, clipped: true });
    expect(controller.adapt(second, 0.8)).toBe(true);
    // A step cut by the output time keeps the controller's level: from 0.75 the largest aligned step is 4 leaves.
    expect(asStep(controller.propose(0.75, 1))).toMatchObject({ t1: 1, level: 2 });
  });

  it('halves a rejected step ⌈log₂(err/0.9)/(p + ½)⌉ times, once for a non-finite error', () => {
    const controller = controllerOn([0, 1], 4);
    const step = asStep(controller.propose(0, 1));
    expect(controller.adapt(step, 7)).toBe(false); // log₂(7/0.9) = 2.96 → 3 halvings
    const retry = asStep(controller.propose(0, 1));
    expect(retry.level).toBe(1);
    const other = controllerOn([0, 1], 4);
    other.adapt(asStep(other.propose(0, 1)), Number.POSITIVE_INFINITY);
    expect(asStep(other.propose(0, 1)).level).toBe(3);
  });

  it('fails below two leaves or minStep: step-size-underflow, or non-finite after an overflow', () => {
    const controller = controllerOn([0, 1], 1);
    controller.adapt(asStep(controller.propose(0, 1)), 2);
    const underflow = controller.propose(0, 1);
    expect(isStepFailure(underflow) && underflow.status).toBe('step-size-underflow');
    const limited = controllerOn([0, 1], 3, 0.2);
    limited.adapt(asStep(limited.propose(0, 1)), Number.NaN); // the half step 0.25 is fine
    limited.adapt(asStep(limited.propose(0, 1)), Number.NaN); // 0.125 < minStep 0.2
    const overflow = limited.propose(0, 1);
    expect(isStepFailure(overflow) && overflow.status).toBe('non-finite');
  });
});
