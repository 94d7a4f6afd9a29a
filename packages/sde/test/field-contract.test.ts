import { InvalidArgumentError, initBackend, NumericalError, ShapeError } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { sample } from '@gen/ode';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrownianPath } from '../src/brownian/index.js';
import { type Sde, sdeint } from '../src/index.js';
import { VPSDE } from '../src/processes/index.js';
import { type DiffusionModel, diffusionProblem, probabilityFlowLogProb } from '../src/samplers/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** A user function (drift, diffusion or model) of (t, x) that misbehaves. */
type UserFn = (t: number, x: tf.Tensor) => tf.Tensor;

/** A misbehaviour and what every entry point must do about it. */
interface Misbehaviour {
  readonly name: string;
  /** A fresh function (its call counter starts at 0). */
  readonly fn: () => UserFn;
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
const kept = tf.keep(tf.fill([8, 2], 0.25));
afterAll(() => kept.dispose());
/** The names a misbehaving drift or model is reported under. */
const CALLEE = /^(sde\.drift\(t, x\)|model)$/;

const MISBEHAVIOURS: Misbehaviour[] = [
  {
    name: 'throws at call 3',
    fn: () => {
      let calls = 0;
      return (_t, x) => {
        calls += 1;
        if (calls === 3) throw BOOM;
        return tf.neg(x);
      };
    },
    outcome: { kind: 'rethrow' },
  },
  {
    name: 'returns NaN',
    fn: () => (_t, x) => tf.mul(x, Number.NaN),
    outcome: { kind: 'error', type: NumericalError, reason: 'non-finite' },
  },
  {
    name: 'returns the wrong shape',
    fn: () => (_t, x) => tf.concat([x, x], 1),
    outcome: { kind: 'error', type: ShapeError, parameter: CALLEE },
  },
  {
    name: 'returns a Promise',
    fn: () => (async (_t: number, x: tf.Tensor) => tf.neg(x)) as unknown as UserFn,
    outcome: { kind: 'error', type: InvalidArgumentError, parameter: CALLEE },
  },
  { name: 'returns its input', fn: () => (_t, x) => x, outcome: { kind: 'success' } },
  { name: 'returns a tensor it keeps', fn: () => () => kept, outcome: { kind: 'success' } },
  {
    name: 'allocates a constant per call',
    fn: () => (_t, x) => tf.mul(x, tf.tensor1d([-1, -0.5])),
    outcome: { kind: 'success' },
  },
];

const process = new VPSDE();
/** An SDE whose drift misbehaves (diffusion 0.1, well behaved). */
const sdeWith = (drift: UserFn, kind: 'ito' | 'stratonovich' = 'ito'): Sde => ({
  noise: 'diagonal',
  kind,
  drift,
  diffusion: (_t, x) => tf.mul(tf.onesLike(x), 0.1),
});

/** Every public SDE entry point that calls a user function; each returns the tensors it produced. */
const ENTRY_POINTS: { name: string; run: (fn: UserFn, x: tf.Tensor) => Promise<tf.Tensor[]> }[] = [
  {
    name: 'sdeint (euler, stepSize 0.1)',
    run: async (fn, x) => [(await sdeint(sdeWith(fn), x, [0, 0.5, 1], { stepSize: 0.1 })).ys],
  },
  {
    name: 'sdeint (heun, stepSize 0.25)',
    run: async (fn, x) => [
      (await sdeint(sdeWith(fn, 'stratonovich'), x, [0, 1], { method: 'heun', stepSize: 0.25 })).ys,
    ],
  },
  {
    name: 'sdeint (milstein, adaptive)',
    run: async (fn, x) => {
      const bm = new BrownianPath({ shape: [8, 2], t0: 0, t1: 1, seed: 3, tolerance: 2 ** -8 });
      return [(await sdeint(sdeWith(fn), x, [0, 1], { method: 'milstein', adaptive: true, bm, firstStep: 0.25 })).ys];
    },
  },
  ...['reverse-sde', 'pc', 'ddim', 'dpm-solver++', 'dopri5'].map((method) => ({
    name: `sample (${method})`,
    run: async (fn: DiffusionModel, x: tf.Tensor) => [
      (
        await sample(
          diffusionProblem(process, fn),
          x,
          method === 'dopri5'
            ? { method, rtol: 1e-3, atol: 1e-3 }
            : { method, steps: 3, ...(method === 'ddim' ? { settings: { eta: 1 } } : {}) },
        )
      ).x,
    ],
  })),
  {
    name: 'probabilityFlowLogProb',
    run: async (fn, x) => [(await probabilityFlowLogProb(process, fn, x, { rtol: 1e-3, atol: 1e-3 })).logp],
  },
];

describe('every SDE entry point frees every tensor and reports a typed error, whatever the user function does', () => {
  for (const entry of ENTRY_POINTS) {
    for (const misbehaviour of MISBEHAVIOURS) {
      it(`${entry.name}: a drift/model that ${misbehaviour.name}`, async () => {
        const x = tf.tidy(() => tf.add(tf.mul(tf.range(0, 16).reshape([8, 2]), 0.1), -0.5));
        const result = await expectNoLeaks(() => entry.run(misbehaviour.fn(), x).catch((e: unknown) => e));
        x.dispose();
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

  it('a diffusion that returns a Promise or the wrong shape is named, and nothing leaks', async () => {
    const x = tf.ones([8, 2]);
    const cases: [Sde['diffusion'], { isInstance(value: unknown): boolean }][] = [
      [(async (_t: number, y: tf.Tensor) => tf.onesLike(y)) as unknown as Sde['diffusion'], InvalidArgumentError],
      [(_t, y) => tf.ones([y.shape[0] as number, 3]), ShapeError],
    ];
    for (const [diffusion, type] of cases) {
      for (const method of ['euler', 'heun']) {
        const sde: Sde = {
          noise: 'diagonal',
          kind: method === 'heun' ? 'stratonovich' : 'ito',
          drift: (_t, y) => tf.neg(y),
          diffusion,
        };
        const error = await expectNoLeaks(() =>
          sdeint(sde, x, [0, 1], { method, stepSize: 0.5 }).catch((e: unknown) => e),
        );
        expect(type.isInstance(error), String(error)).toBe(true);
        expect((error as InvalidArgumentError).parameter).toBe('sde.diffusion(t, x)');
      }
    }
    x.dispose();
  });
});
