import { InvalidArgumentError, initBackend } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { odeint } from '../src/index.js';
import { SavedOutputs } from '../src/saved-outputs.js';
import { constantStepSize } from '../src/step-size/constant.js';
import { budgetFailure, isStepFailure, type ProposedStep } from '../src/step-size/controller.js';
import { PIController, piFactor } from '../src/step-size/pi.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** A proposal that must be a step. */
function asStep(proposal: ReturnType<PIController['propose']>): ProposedStep {
  if (isStepFailure(proposal)) throw new Error(`unexpected failure: ${proposal.message}`);
  return proposal;
}

describe('constantStepSize', () => {
  it('splits each interval into equal steps that land on the output time, and accepts every step', () => {
    const controller = constantStepSize(0.3);
    expect(controller.adaptive).toBe(false);
    expect(controller.propose(0, 1)).toEqual({ t0: 0, h: 0.25, t1: 0.25 });
    expect(controller.propose(0.75, 1)).toEqual({ t0: 0.75, h: 0.25, t1: 1 });
    expect(controller.adapt({ t0: 0, h: 0.25, t1: 0.25 }, Number.NaN)).toBe(true);
    expect(constantStepSize(undefined).propose(2, 0.5)).toEqual({ t0: 2, h: -1.5, t1: 0.5 });
  });

  it('fails with step-size-underflow when the step no longer moves t', () => {
    const proposal = constantStepSize(1e-17).propose(1, 1 + 1e-12);
    expect(isStepFailure(proposal) && proposal.status).toBe('step-size-underflow');
    expect(isStepFailure(proposal) && proposal.message).toMatch(/t \+ h == t/);
  });
});

describe('PIController', () => {
  const bounds = { tEnd: 1, direction: 1, minStep: 0, maxStep: Number.POSITIVE_INFINITY };

  it('grows the step by safety·r^(-1/k) after an accepted step, clipped to [minFactor, maxFactor]', () => {
    const controller = new PIController(piFactor(4, {}), 0.1, { ...bounds, tEnd: 100 });
    const first = asStep(controller.propose(0));
    expect(first).toEqual({ t0: 0, h: 0.1, t1: 0.1 });
    expect(controller.adapt(first, 0.5)).toBe(true);
    const second = asStep(controller.propose(0.1));
    expect(second.h).toBeCloseTo(0.1 * 0.9 * 0.5 ** -0.2, 15);
    expect(controller.adapt(second, 0)).toBe(true); // a zero error grows by maxFactor
    expect(asStep(controller.propose(second.t1)).h).toBeCloseTo(10 * second.h, 15);
  });

  it('shrinks without growing after a rejection, by minFactor after a non-finite error', () => {
    const controller = new PIController(piFactor(4, {}), 0.1, bounds);
    const step = asStep(controller.propose(0));
    expect(controller.adapt(step, 4)).toBe(false);
    const retry = asStep(controller.propose(0));
    expect(retry.h).toBeCloseTo(0.1 * 0.9 * 4 ** -0.2, 15);
    expect(controller.adapt(retry, Number.NaN)).toBe(false);
    expect(asStep(controller.propose(0)).h).toBeCloseTo(0.2 * retry.h, 15);
    // A tiny error after a rejection may not grow the step.
    const third = asStep(controller.propose(0));
    expect(controller.adapt(third, 1e-9)).toBe(true);
  });

  it('lands exactly on tEnd, caps at maxStep and runs backwards with negative steps', () => {
    const forward = new PIController(piFactor(4, {}), 0.1, bounds);
    expect(forward.propose(0.95)).toEqual({ t0: 0.95, h: 1 - 0.95, t1: 1 });
    const capped = new PIController(piFactor(4, {}), 5, { ...bounds, maxStep: 0.3 });
    expect(asStep(capped.propose(0)).h).toBe(0.3);
    const backward = new PIController(piFactor(4, {}), 0.1, { ...bounds, tEnd: 0, direction: -1 });
    expect(backward.propose(1)).toEqual({ t0: 1, h: -0.1, t1: 0.9 });
  });

  it('reports a step below minStep at the next proposal, not at the attempt that caused it', () => {
    const controller = new PIController(piFactor(4, {}), 0.1, { ...bounds, minStep: 0.05 });
    const step = asStep(controller.propose(0));
    expect(controller.adapt(step, 1e6)).toBe(false); // next h = 0.2·0.1 = 0.02 < minStep
    const proposal = controller.propose(0);
    expect(isStepFailure(proposal) && proposal.status).toBe('step-size-underflow');
    expect(isStepFailure(proposal) && proposal.message).toMatch(/fell to 0\.02.* \(minStep 0\.05\)/);
  });

  it('validates its settings for every method, fixed-step ones included', async () => {
    expect(() => piFactor(4, { minFactor: 2 })).toThrow(InvalidArgumentError);
    const y0 = tf.ones([1, 1]);
    const error = await odeint((_t, y) => tf.neg(y), y0, [0, 1], { method: 'rk4', controller: { maxFactor: 1 } }).catch(
      (e: unknown) => e,
    );
    expect(InvalidArgumentError.isInstance(error) && error.parameter).toBe('options.controller.maxFactor');
    y0.dispose();
  });
});

describe('budgetFailure', () => {
  it('fails once the attempts reach maxSteps', () => {
    expect(budgetFailure(9, 10, 0.4, 1, true)).toBeUndefined();
    expect(budgetFailure(10, 10, 0.4, 1, true)?.status).toBe('max-steps');
    expect(budgetFailure(10, 10, 0.4, 1, false)?.message).toMatch(/maxSteps = 10 .* use a larger stepSize/);
  });
});

describe('SavedOutputs', () => {
  it('saves each output time once it is reached, in either direction, and stacks what it saved', async () => {
    const y0 = tf.tensor1d([1, 2]);
    const { ys, ts } = await expectNoLeaks(() => {
      const outputs = new SavedOutputs([1, 0.5, 0.25, 0], y0);
      try {
        outputs.saveUntil(0.6, (t) => tf.fill([2], t));
        expect(outputs.target).toBe(0.5);
        outputs.saveUntil(0.25, (t) => tf.fill([2], t));
        expect(outputs.done).toBe(false);
        expect(outputs.target).toBe(0);
        return outputs.stack();
      } finally {
        outputs.dispose();
      }
    });
    expect(ts).toEqual([1, 0.5, 0.25]);
    expect(Array.from(await ys.data())).toEqual([1, 2, 0.5, 0.5, 0.25, 0.25]);
    tf.dispose([ys, y0]);
  });
});
