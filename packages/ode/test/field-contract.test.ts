import { InvalidArgumentError, initBackend, NumericalError, ShapeError, type VectorField } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logProb, odeint, odeintAdjoint, odeintSync, sample } from '../src/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** A field that misbehaves, and what every entry point must do about it. */
interface Misbehaviour {
  readonly name: string;
  /** A fresh field (its call counter starts at 0). */
  readonly field: () => VectorField;
  /** The outcome: success, the field's own error, or a gen error of this class (with `reason` for NumericalError). */
  readonly outcome:
    | { readonly kind: 'success' }
    | { readonly kind: 'rethrow' }
    | {
        readonly kind: 'error';
        readonly type: { isInstance(value: unknown): boolean };
        readonly reason?: string;
        readonly parameter?: RegExp;
      };
}

const BOOM = new Error('boom at call 3');
const kept = tf.keep(tf.fill([2, 2], 0.25));
const rotation = [
  [0, -1],
  [1, 0],
];
afterAll(() => kept.dispose());

/** After `from` calls, the field returns NaN everywhere. */
function nanFrom(from: number): () => VectorField {
  return () => {
    let calls = 0;
    return (_t, y) => {
      calls += 1;
      return calls >= from ? tf.mul(y, Number.NaN) : tf.neg(y);
    };
  };
}

const MISBEHAVIOURS: Misbehaviour[] = [
  {
    name: 'throws at call 3',
    field: () => {
      let calls = 0;
      return (_t, y) => {
        calls += 1;
        if (calls === 3) throw BOOM;
        return tf.neg(y);
      };
    },
    outcome: { kind: 'rethrow' },
  },
  { name: 'returns NaN', field: nanFrom(1), outcome: { kind: 'error', type: NumericalError, reason: 'non-finite' } },
  {
    name: 'returns NaN from call 8',
    field: nanFrom(8),
    outcome: { kind: 'error', type: NumericalError, reason: 'non-finite' },
  },
  {
    name: 'returns the wrong shape',
    field: () => (_t, y) => tf.concat([y, y], 1),
    outcome: { kind: 'error', type: ShapeError, parameter: /^f\(t, [xy]\)$/ },
  },
  {
    name: 'returns a Promise',
    field: () => (async (_t: number, y: tf.Tensor) => tf.neg(y)) as unknown as VectorField,
    outcome: { kind: 'error', type: InvalidArgumentError, parameter: /^f\(t, [xy]\)$/ },
  },
  { name: 'returns its input', field: () => (_t, y) => y, outcome: { kind: 'success' } },
  { name: 'returns a tensor it keeps', field: () => () => kept, outcome: { kind: 'success' } },
  {
    // The VectorField TSDoc's old example: a constant built inside the field on every call.
    name: 'allocates a constant per call',
    field: () => (_t, y) => tf.matMul(y, tf.tensor2d(rotation)),
    outcome: { kind: 'success' },
  },
];

/** Every public entry point of @gen/ode, run to completion (the adjoint's backward pass included). */
const ENTRY_POINTS: { name: string; run: (f: VectorField, y0: tf.Tensor) => Promise<tf.Tensor[]> }[] = [
  { name: 'odeint (dopri5)', run: async (f, y0) => [(await odeint(f, y0, [0, 1])).ys] },
  {
    name: 'odeint (rk4, stepSize 0.1)',
    run: async (f, y0) => [(await odeint(f, y0, [0, 0.5, 1], { method: 'rk4', stepSize: 0.1 })).ys],
  },
  { name: 'odeintSync (dopri5)', run: async (f, y0) => [odeintSync(f, y0, [0, 1]).ys] },
  {
    name: 'odeintAdjoint (forward and backward)',
    run: async (f, y0) => {
      const solution = await odeintAdjoint(f, y0, [0, 1], []);
      try {
        const ones = tf.onesLike(solution.ys);
        try {
          const { dy0 } = await solution.backward(ones);
          return [solution.ys, dy0];
        } finally {
          ones.dispose();
        }
      } catch (error) {
        solution.ys.dispose();
        throw error;
      }
    },
  },
  {
    name: 'logProb (exact)',
    run: async (f, x) => {
      const { logp, z } = await logProb(f, x);
      return [logp, z];
    },
  },
  {
    name: 'logProb (hutchinson)',
    run: async (f, x) => {
      const { logp, z } = await logProb(f, x, { divergence: 'hutchinson' });
      return [logp, z];
    },
  },
  { name: 'sample', run: async (f, z) => [(await sample(f, z)).x] },
];

describe('every entry point frees every tensor and reports a typed error, whatever the field does', () => {
  for (const entry of ENTRY_POINTS) {
    for (const misbehaviour of MISBEHAVIOURS) {
      it(`${entry.name}: a field that ${misbehaviour.name}`, async () => {
        const y0 = tf.tensor2d([
          [1, 2],
          [0.5, -1],
        ]);
        const result = await expectNoLeaks(() => entry.run(misbehaviour.field(), y0).catch((e: unknown) => e));
        y0.dispose();
        const { outcome } = misbehaviour;
        if (outcome.kind === 'success') {
          expect(Array.isArray(result), String(result)).toBe(true);
          const tensors = result as tf.Tensor[];
          for (const t of tensors) expect(Array.from(await t.data()).every(Number.isFinite)).toBe(true);
          tf.dispose(tensors);
          expect(kept.isDisposed).toBe(false);
        } else if (outcome.kind === 'rethrow') {
          expect(result).toBe(BOOM);
        } else {
          expect(outcome.type.isInstance(result), String(result)).toBe(true);
          if (outcome.reason !== undefined) expect((result as NumericalError).reason).toBe(outcome.reason);
          if (outcome.parameter !== undefined)
            expect((result as InvalidArgumentError).parameter).toMatch(outcome.parameter);
        }
      });
    }
  }
});
