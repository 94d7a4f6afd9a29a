import type { VectorField } from '@gen/core';
import { InvalidArgumentError, initBackend, randomNormal, ShapeError } from '@gen/core';
import { expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import { odeint, sample } from '@gen/ode';
import { diffusionProblem, VPSDE } from '@gen/sde';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionalField, guidedField } from '../../src/conditioning/index.js';
import { type ConditionalLinearField, conditionalLinearField } from '../fixtures/conditional-field.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const IMAGE = [2, 3, 1];
const D = 6;
const K = 2;
const LABELS = [0, 2, 1];
const N = LABELS.length;

const x = randomNormal([N, ...IMAGE], 21);
afterAll(() => x.dispose());

/**
 * The guided field of the linear test field in closed form, on the host: a·x + t·b + (1 + w)·β[c] − w·β[K]
 * (w = 0: the conditional field).
 */
function closedForm(model: ConditionalLinearField, t: number, points: ArrayLike<number>, w: number): number[] {
  const { a, b, beta } = model.parameters();
  const classes = model.classes as number;
  return Array.from(points, (value, index) => {
    const [i, j] = [Math.floor(index / D), index % D];
    const shift = (1 + w) * (beta[(LABELS[i] as number) * D + j] as number) - w * (beta[classes * D + j] as number);
    return a * value + t * (b[j] as number) + shift;
  });
}

function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i += 1) {
    expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThanOrEqual(
      tolerance * Math.max(1, Math.abs(expected[i] as number)),
    );
  }
}

describe('guidedField', () => {
  it('equals (1 + w)·u(t, x | c) − w·u(t, x | ∅) on a linear field, from one forward pass of 2N rows', async () => {
    const model = conditionalLinearField(IMAGE, K, 3);
    const guided = guidedField(model, { labels: LABELS, guidance: 1.5 });
    const u = await expectNoLeaks(() => guided(0.3, x));
    expect(u.shape).toEqual([N, ...IMAGE]);
    expectAllClose(u.dataSync(), closedForm(model, 0.3, x.dataSync(), 1.5), 1e-6);
    expect(model.seen).toEqual([[...LABELS, K, K, K]]);
    u.dispose();
    model.dispose();
  });

  it('with w = 0 is the conditional field (one forward pass of N rows)', () => {
    const model = conditionalLinearField(IMAGE, K, 4);
    const labels = tf.tensor1d(LABELS, 'int32');
    const guided = guidedField(model, { labels, guidance: 0 });
    const conditional = conditionalField(model, labels);
    labels.dispose(); // both fields copied the labels
    const [g, c] = [guided(0.7, x), conditional(0.7, x)];
    expect(Array.from(g.dataSync())).toEqual(Array.from(c.dataSync()));
    expectAllClose(c.dataSync(), closedForm(model, 0.7, x.dataSync(), 0), 1e-6);
    expect(model.seen).toEqual([LABELS, LABELS]);
    tf.dispose([g, c]);
    model.dispose();
  });

  it('samples with an ODE method: rk4 on images ends at the closed-form solution of the guided linear ODE', async () => {
    const model = conditionalLinearField(IMAGE, K, 5);
    const w = 2;
    const z = randomNormal([N, ...IMAGE], 8);
    const { ys } = await expectNoLeaks(() =>
      odeint(guidedField(model, { labels: LABELS, guidance: w }), z, [1, 0], { method: 'rk4', stepSize: 0.05 }),
    );
    // du/dt = a·x + t·b + d (d the guided shift): x(t) = e^{a(t − 1)}·(z − p(1)) + p(t), p(t) = −(t·b + b/a + d)/a.
    const { a, b } = model.parameters();
    const shift = closedForm(model, 0, new Float32Array(N * D), w); // d at x = 0, t = 0
    const particular = (t: number, j: number, d: number) => -(t * (b[j] as number) + (b[j] as number) / a + d) / a;
    const expected = Array.from(z.dataSync(), (value, index) => {
      const [j, d] = [index % D, shift[index] as number];
      return Math.exp(-a) * (value - particular(1, j, d)) + particular(0, j, d);
    });
    const end = tf.tidy(() => tf.slice(ys, [1], [1]).reshape([N, ...IMAGE]));
    expectAllClose(end.dataSync(), expected, 1e-5);
    tf.dispose([ys, z, end]);
    model.dispose();
  });

  it.each([
    'reverse-sde',
    'ddim',
    'pc',
    'dpm-solver++',
    'rk4', // an ODE method on a diffusion problem: the probability flow
  ] as const)(
    'samples with %s (ε-prediction): the same draws as sampling the combined field itself',
    async (method) => {
      const model = conditionalLinearField([4], K, 6);
      const labels = [1, 0, 2, 1, 0];
      const w = 3;
      const xT = randomNormal([labels.length, 4], 2);
      const options = { method, steps: 12, seed: 4 };
      const sampler = (field: VectorField) =>
        sample(diffusionProblem(new VPSDE(), field, { prediction: 'noise' }), xT, options);
      const guided = await expectNoLeaks(() => sampler(guidedField(model, { labels, guidance: w })));
      // The combination written out by hand: (1 + w)·u(t, x | c) − w·u(t, x | K), two forward passes.
      const combined = (t: number, y: tf.Tensor) =>
        tf.tidy(() => {
          const times = tf.fill([labels.length], t);
          const c = model.forwardTimes(times, y, tf.tensor1d(labels, 'int32'));
          const u = model.forwardTimes(times, y, tf.fill([labels.length], K, 'int32'));
          return tf.sub(tf.mul(c, 1 + w), tf.mul(u, w));
        });
      const direct = await sampler(combined);
      expect(guided.stats.nfe).toBe(direct.stats.nfe);
      expectAllClose(guided.x.dataSync(), direct.x.dataSync(), 1e-5);
      // Guidance changes the samples: the conditional field alone ends elsewhere.
      const plain = await sampler(conditionalField(model, labels));
      const gap = Math.max(...Array.from(tf.tidy(() => tf.abs(tf.sub(plain.x, guided.x)).dataSync())));
      expect(gap).toBeGreaterThan(1e-2);
      tf.dispose([xT, guided.x, direct.x, plain.x]);
      model.dispose();
    },
  );

  it('refuses guidance without classes, labels out of range and bad weights, naming each, leaking nothing', async () => {
    const model = conditionalLinearField(IMAGE, K);
    const unconditional = conditionalLinearField(IMAGE, undefined);
    const floats = tf.tensor1d([0, 1]);
    const cases: [() => unknown, { readonly kind: string }, string][] = [
      [() => guidedField(unconditional, { labels: [0], guidance: 1 }), InvalidArgumentError, 'model'],
      [() => conditionalField(unconditional, [0]), InvalidArgumentError, 'model'],
      [() => guidedField(model, { labels: [0, 3], guidance: 1 }), InvalidArgumentError, 'labels'],
      [() => guidedField(model, { labels: [-1], guidance: 1 }), InvalidArgumentError, 'labels'],
      [() => guidedField(model, { labels: [0.5], guidance: 1 }), InvalidArgumentError, 'labels'],
      [() => guidedField(model, { labels: [], guidance: 1 }), InvalidArgumentError, 'labels'],
      [() => guidedField(model, { labels: floats, guidance: 1 }), InvalidArgumentError, 'labels'],
      [() => conditionalField(model, undefined as unknown as number[]), InvalidArgumentError, 'labels'],
      [() => guidedField(model, { labels: [0], guidance: -0.5 }), InvalidArgumentError, 'options.guidance'],
      [() => guidedField(model, { labels: [0], guidance: Number.NaN }), InvalidArgumentError, 'options.guidance'],
      [() => guidedField(model, { labels: [0], guidance: Infinity }), InvalidArgumentError, 'options.guidance'],
      [() => guidedField(model, null as never), InvalidArgumentError, 'options'],
    ];
    for (const [call, kind, parameter] of cases) {
      await expectNoLeaks(() => expectInvalidArgument(call, kind, parameter));
    }
    // The field checks each evaluation: one row per label, a finite time.
    const guided = guidedField(model, { labels: [0, 1], guidance: 1 });
    await expectNoLeaks(() => expectInvalidArgument(() => guided(0.5, x), ShapeError, 'x'));
    await expectNoLeaks(() => expectInvalidArgument(() => guided(Number.NaN, x), InvalidArgumentError, 't'));
    expect(model.seen).toEqual([]);
    floats.dispose();
    model.dispose();
    unconditional.dispose();
  });
});
