import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  divergenceExact,
  divergenceHutchinson,
  hutchinsonProbe,
  type ProbeKind,
  valueAndDivergenceExact,
  valueAndDivergenceHutchinson,
} from '../src/divergence/index.js';
import { InvalidArgumentError, ShapeError } from '../src/errors/index.js';
import { initBackend } from '../src/index.js';
import { expectClose, expectInvalidArgument, expectNoLeaks, randomMlpField } from '../src/testing/index.js';
import type { VectorField } from '../src/types.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Calls `compute` under a leak check, checks the [N] result and that `inputs` survive, returns its values. */
async function valuesOf(compute: () => tf.Tensor, n: number, inputs: tf.Tensor[]): Promise<Float32Array> {
  const result = await expectNoLeaks(compute);
  expect(result.shape).toEqual([n]);
  const values = (await result.data()) as Float32Array;
  result.dispose();
  for (const input of inputs) expect(input.isDisposed).toBe(false);
  return values;
}

function column(x: tf.Tensor, i: number): tf.Tensor {
  return tf.slice(x, [0, i], [x.shape[0] as number, 1]);
}

/** u(x) = [sin(x0)·x1, x0·x1²]: J = [[cos(x0)·x1, sin(x0)], [x1², 2·x0·x1]]. */
const sinField: VectorField = (_t, x) =>
  tf.tidy(() => {
    const x0 = column(x, 0);
    const x1 = column(x, 1);
    return tf.concat([tf.mul(tf.sin(x0), x1), tf.mul(x0, tf.square(x1))], 1);
  });
const sinJacobian = ([x0, x1]: readonly number[]) => [
  [Math.cos(x0 as number) * (x1 as number), Math.sin(x0 as number)],
  [(x1 as number) ** 2, 2 * (x0 as number) * (x1 as number)],
];
const SIN_POINTS = [
  [0.3, -1.2],
  [1.7, 0.4],
  [-2.1, 2.5],
  [0.9, 1.1],
];

/** u(t, x) = [sin(x0), x1³, t·exp(x2/2)]: a diagonal Jacobian, divergence cos(x0) + 3·x1² + (t/2)·exp(x2/2). */
const diagonalField: VectorField = (t, x) =>
  tf.tidy(() =>
    tf.concat([tf.sin(column(x, 0)), tf.pow(column(x, 1), 3), tf.mul(t, tf.exp(tf.mul(column(x, 2), 0.5)))], 1),
  );
const diagonalDivergence = (t: number, [x0, x1, x2]: readonly number[]) =>
  Math.cos(x0 as number) + 3 * (x1 as number) ** 2 + (t / 2) * Math.exp((x2 as number) / 2);

describe('divergenceExact', () => {
  const a = [
    [1, 2, -0.5],
    [0.3, -4, 2],
    [1.5, 0.25, 0.7],
  ];
  const traceA = 1 - 4 + 0.7;

  it('equals t·tr A for every sample of the linear field u = t·x·Aᵀ', async () => {
    const matrix = tf.tensor2d(a);
    const field: VectorField = (t, x) => tf.tidy(() => tf.mul(t, tf.matMul(x, matrix, false, true)));
    const x = tf.randomNormal([16, 3], 0, 3, 'float32', 1);
    for (const t of [0.7, -1.3]) {
      const div = await valuesOf(() => divergenceExact(field, t, x), 16, [x]);
      expectClose(div, new Array(16).fill(t * traceA), { atol: 1e-5, rtol: 1e-6 }, `div at t = ${t}`);
    }
    tf.dispose([matrix, x]);
  });

  it('matches cos(x0)·x1 + 2·x0·x1 for u = [sin(x0)·x1, x0·x1²]', async () => {
    const x = tf.tensor2d(SIN_POINTS);
    const div = await valuesOf(() => divergenceExact(sinField, 0, x), 4, [x]);
    expectClose(
      div,
      SIN_POINTS.map(([x0, x1]) => Math.cos(x0 as number) * (x1 as number) + 2 * (x0 as number) * (x1 as number)),
      { atol: 1e-5, rtol: 1e-5 },
      'div',
    );
    x.dispose();
  });

  it('matches a central-difference Jacobian trace of a random MLP field', async () => {
    const mlp = randomMlpField({ dim: 3, hidden: [32, 32], seed: 1 });
    const x = tf.randomNormal([6, 3], 0, 1, 'float32', 2);
    const t = 0.25;
    const h = 1e-2;
    const div = await valuesOf(() => divergenceExact(mlp.field, t, x), 6, [x]);
    const reference = tf.tidy(() => {
      const terms = [0, 1, 2].map((i) => {
        const step = tf.mul(tf.oneHot(tf.fill([6], i, 'int32'), 3, 1, 0, 'float32'), h);
        const difference = tf.sub(mlp.field(t, tf.add(x, step)), mlp.field(t, tf.sub(x, step)));
        return tf.div(tf.squeeze(column(difference, i), [1]), 2 * h);
      });
      return tf.addN(terms);
    });
    expectClose(div, await reference.data(), { atol: 1e-3, rtol: 1e-3 }, 'div vs finite differences');
    tf.dispose([x, reference]);
    mlp.dispose();
  });

  it('gives D for a field that returns x itself and 0 for a field independent of x', async () => {
    const x = tf.tensor2d(SIN_POINTS);
    const identity: VectorField = (_t, y) => y;
    const constant: VectorField = (t, y) => tf.fill(y.shape as [number, number], t);
    expectClose(await valuesOf(() => divergenceExact(identity, 0, x), 4, [x]), [2, 2, 2, 2], {}, 'identity');
    expectClose(await valuesOf(() => divergenceExact(constant, 0.5, x), 4, [x]), [0, 0, 0, 0], {}, 'constant');
    x.dispose();
  });

  it('handles D = 1: u = x³ has divergence 3x²', async () => {
    const x = tf.tensor2d([[-1.5], [0.2], [2]]);
    const cube: VectorField = (_t, y) => tf.pow(y, 3);
    const div = await valuesOf(() => divergenceExact(cube, 0, x), 3, [x]);
    expectClose(div, [6.75, 0.12, 12], { atol: 1e-5, rtol: 1e-6 }, 'div');
    x.dispose();
  });

  it('ignores an attached closed-form divergence', async () => {
    const field: VectorField = Object.assign((t: number, x: tf.Tensor) => sinField(t, x), {
      divergence: (_t: number, x: tf.Tensor) => tf.fill([x.shape[0] as number], 123),
    });
    const x = tf.tensor2d(SIN_POINTS);
    const div = await valuesOf(() => divergenceExact(field, 0, x), 4, [x]);
    expect(Math.max(...Array.from(div, Math.abs))).toBeLessThan(100);
    x.dispose();
  });
});

describe('divergenceHutchinson', () => {
  const probesPerPoint = 4000;

  it.each<ProbeKind>(['rademacher', 'gaussian'])(
    'is unbiased with %s probes: the mean of 4000 estimates is within 3 standard errors of the exact divergence',
    async (kind) => {
      const n = SIN_POINTS.length;
      const x = tf.tile(tf.tensor2d(SIN_POINTS), [probesPerPoint, 1]); // row r is point r mod n
      const probe = hutchinsonProbe([n * probesPerPoint, 2], 17, kind);
      const estimates = await valuesOf(() => divergenceHutchinson(sinField, 0, x, probe), n * probesPerPoint, [
        x,
        probe,
      ]);
      for (const [p, point] of SIN_POINTS.entries()) {
        const jacobian = sinJacobian(point);
        const exact = (jacobian[0]?.[0] as number) + (jacobian[1]?.[1] as number);
        let sum = 0;
        let sumSq = 0;
        for (let r = p; r < estimates.length; r += n) {
          sum += estimates[r] as number;
          sumSq += (estimates[r] as number) ** 2;
        }
        const mean = sum / probesPerPoint;
        const sd = Math.sqrt((sumSq / probesPerPoint - mean * mean) * (probesPerPoint / (probesPerPoint - 1)));
        expect(sd).toBeGreaterThan(0.1); // the off-diagonal Jacobian makes single estimates noisy
        expect(Math.abs(mean - exact)).toBeLessThan((3 * sd) / Math.sqrt(probesPerPoint));
      }
      tf.dispose([x, probe]);
    },
  );

  it('with Rademacher probes in 2-D takes exactly the values tr J ± (J01 + J10)', async () => {
    const n = SIN_POINTS.length;
    const x = tf.tile(tf.tensor2d(SIN_POINTS), [8, 1]);
    const probe = hutchinsonProbe([8 * n, 2], 3);
    const estimates = await valuesOf(() => divergenceHutchinson(sinField, 0, x, probe), 8 * n, [x, probe]);
    const signs = await tf.tidy(() => tf.prod(probe, 1)).data(); // ε0·ε1
    const expected = Array.from(signs, (sign, r) => {
      const jacobian = sinJacobian(SIN_POINTS[r % n] as number[]);
      const trace = (jacobian[0]?.[0] as number) + (jacobian[1]?.[1] as number);
      return trace + sign * ((jacobian[0]?.[1] as number) + (jacobian[1]?.[0] as number));
    });
    expectClose(estimates, expected, { atol: 1e-5, rtol: 1e-5 }, 'estimate');
    tf.dispose([x, probe]);
  });

  it('with Rademacher probes is exact for every probe when the Jacobian is diagonal', async () => {
    const points = [
      [0.2, -0.7, 1.1],
      [2.5, 1.3, -0.4],
    ];
    const copies = 32;
    const x = tf.tile(tf.tensor2d(points), [copies, 1]);
    const probe = hutchinsonProbe([2 * copies, 3], 5, 'rademacher');
    const estimates = await valuesOf(() => divergenceHutchinson(diagonalField, 0.8, x, probe), 2 * copies, [x, probe]);
    const exact = Array.from({ length: 2 * copies }, (_, r) => diagonalDivergence(0.8, points[r % 2] as number[]));
    expectClose(estimates, exact, { atol: 1e-5, rtol: 1e-5 }, 'estimate');
    // The same points through the exact path agree too.
    const div = await valuesOf(() => divergenceExact(diagonalField, 0.8, x), 2 * copies, [x]);
    expectClose(div, exact, { atol: 1e-5, rtol: 1e-5 }, 'exact');
    tf.dispose([x, probe]);
  });
});

describe('hutchinsonProbe', () => {
  async function probeValues(shape: [number, number], seed: number, kind?: ProbeKind): Promise<Float32Array> {
    const probe = await expectNoLeaks(() => hutchinsonProbe(shape, seed, kind));
    expect(probe.shape).toEqual(shape);
    expect(probe.dtype).toBe('float32');
    const values = (await probe.data()) as Float32Array;
    probe.dispose();
    return values;
  }

  it('draws ±1 entries with mean 0 by default (n = 20 000, 4 standard errors)', async () => {
    const values = await probeValues([10_000, 2], 1);
    expect(values.every((v) => v === 1 || v === -1)).toBe(true);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(values.length));
  });

  it('draws standard normal entries for kind "gaussian" (n = 20 000, 4 standard errors)', async () => {
    const values = await probeValues([10_000, 2], 1, 'gaussian');
    const n = values.length;
    const mean = values.reduce((s, v) => s + v, 0) / n;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / (n - 1)));
    expect(values.some((v) => Math.abs(v) !== 1)).toBe(true);
  });

  it('is reproducible for a seed and differs across seeds', async () => {
    for (const kind of ['rademacher', 'gaussian'] as const) {
      const a = Array.from(await probeValues([64, 2], 8, kind));
      expect(Array.from(await probeValues([64, 2], 8, kind))).toEqual(a);
      expect(Array.from(await probeValues([64, 2], 9, kind))).not.toEqual(a);
    }
  });
});

describe('validation', () => {
  it('rejects a bad field, time or batch in both divergence functions', () => {
    const x = tf.zeros([4, 2]);
    const probe = tf.ones([4, 2]);
    const rank1 = tf.zeros([4]);
    const rank3 = tf.zeros([4, 2, 1]);
    const ints = tf.zeros([4, 2], 'int32');
    const disposed = tf.zeros([4, 2]);
    disposed.dispose();
    const calls = [
      (f: VectorField, t: number, y: tf.Tensor) => divergenceExact(f, t, y),
      (f: VectorField, t: number, y: tf.Tensor) => divergenceHutchinson(f, t, y, probe),
    ];
    for (const call of calls) {
      expectInvalidArgument(() => call(42 as unknown as VectorField, 0, x), InvalidArgumentError, 'f');
      expectInvalidArgument(() => call(sinField, Number.NaN, x), InvalidArgumentError, 't');
      expectInvalidArgument(() => call(sinField, 0, rank1), ShapeError, 'x');
      expectInvalidArgument(() => call(sinField, 0, rank3), ShapeError, 'x');
      expectInvalidArgument(() => call(sinField, 0, ints), InvalidArgumentError, 'x');
      expectInvalidArgument(() => call(sinField, 0, disposed), InvalidArgumentError, 'x');
    }
    tf.dispose([x, probe, rank1, rank3, ints]);
  });

  it('rejects a field whose output shape differs from x', () => {
    const x = tf.zeros([4, 2]);
    const probe = tf.ones([4, 2]);
    const wide: VectorField = (_t, y) => tf.concat([y, y], 1);
    expectInvalidArgument(() => divergenceExact(wide, 0, x), ShapeError, 'f(t, x)');
    expectInvalidArgument(() => divergenceHutchinson(wide, 0, x, probe), ShapeError, 'f(t, x)');
    tf.dispose([x, probe]);
  });

  it('rejects a probe whose shape or dtype differs from x', () => {
    const x = tf.zeros([4, 2]);
    const wrongDim = tf.ones([4, 3]);
    const wrongN = tf.ones([5, 2]);
    const ints = tf.ones([4, 2], 'int32');
    expectInvalidArgument(() => divergenceHutchinson(sinField, 0, x, wrongDim), ShapeError, 'probe');
    expect(() => divergenceHutchinson(sinField, 0, x, wrongDim)).toThrow('expected shape [4, 2], received [4, 3]');
    expectInvalidArgument(() => divergenceHutchinson(sinField, 0, x, wrongN), ShapeError, 'probe');
    expectInvalidArgument(() => divergenceHutchinson(sinField, 0, x, ints), InvalidArgumentError, 'probe');
    tf.dispose([x, wrongDim, wrongN, ints]);
  });

  it('rejects a bad probe shape, seed or kind', () => {
    expectInvalidArgument(() => hutchinsonProbe([4] as unknown as [number, number], 0), InvalidArgumentError, 'shape');
    expectInvalidArgument(() => hutchinsonProbe([0, 2], 0), InvalidArgumentError, 'shape[0]');
    expectInvalidArgument(() => hutchinsonProbe([4, 1.5], 0), InvalidArgumentError, 'shape[1]');
    expectInvalidArgument(() => hutchinsonProbe([4, 2], -1), InvalidArgumentError, 'seed');
    expectInvalidArgument(() => hutchinsonProbe([4, 2], 0, 'uniform' as ProbeKind), InvalidArgumentError, 'kind');
  });
});

describe('valueAndDivergence', () => {
  it('returns f(t, x) and the same divergence as the plain functions, from shared passes', async () => {
    const mlp = randomMlpField({ dim: 3, hidden: [32, 32], seed: 4 });
    const x = tf.randomNormal([16, 3], 0, 1, 'float32', 5);
    const probe = hutchinsonProbe([16, 3], 6, 'gaussian');
    const exact = await expectNoLeaks(() => valueAndDivergenceExact(mlp.field, 0.3, x));
    const hutch = await expectNoLeaks(() => valueAndDivergenceHutchinson(mlp.field, 0.3, x, probe));
    const [u, divExact, divHutch] = [
      mlp.field(0.3, x),
      divergenceExact(mlp.field, 0.3, x),
      divergenceHutchinson(mlp.field, 0.3, x, probe),
    ];
    const uValues = await u.data();
    expectClose(await exact.value.data(), uValues, { atol: 1e-6 }, 'exact value');
    expectClose(await hutch.value.data(), uValues, { atol: 1e-6 }, 'hutchinson value');
    expectClose(await exact.divergence.data(), await divExact.data(), { atol: 1e-5 }, 'exact divergence');
    expectClose(await hutch.divergence.data(), await divHutch.data(), { atol: 1e-5 }, 'hutchinson divergence');
    const identity = valueAndDivergenceExact((_t, y) => y, 0, x);
    expect(identity.value).not.toBe(x);
    tf.dispose([
      x,
      probe,
      exact.value,
      exact.divergence,
      hutch.value,
      hutch.divergence,
      u,
      divExact,
      divHutch,
      identity.value,
      identity.divergence,
    ]);
    expect(x.isDisposed).toBe(true);
    mlp.dispose();
  });
});
