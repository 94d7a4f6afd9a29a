import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../src/errors/index.js';
import { initBackend } from '../src/index.js';
import { AffinePath, type PredictionType } from '../src/paths/index.js';
import { randomNormal } from '../src/random/index.js';
import {
  CosineSchedule,
  LinearSchedule,
  LogSnrSchedule,
  type NoiseSchedule,
  VESchedule,
  VPSchedule,
} from '../src/schedules/index.js';
import { expectClose, expectNoLeaks } from '../src/testing/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const N = 5;
const D = 3;
/** One time per row, away from the ends where some conversions are undefined. */
const TIMES = [0.1, 0.3, 0.5, 0.7, 0.9];
const TYPES: readonly PredictionType[] = ['data', 'noise', 'score', 'velocity'];

const schedules: readonly { label: string; schedule: NoiseSchedule }[] = [
  { label: 'linear', schedule: new LinearSchedule() },
  { label: 'linear σmin=0.05', schedule: new LinearSchedule({ sigmaMin: 0.05 }) },
  { label: 'vp', schedule: new VPSchedule() },
  { label: 'cosine', schedule: new CosineSchedule() },
  { label: 've', schedule: new VESchedule() },
  { label: 'log-snr', schedule: new LogSnrSchedule() },
];

/** Row-major host copy of a tensor. */
const host = (x: tf.Tensor): number[] => Array.from(x.dataSync());

/** Per-element expected values of a·first + b·second with per-row float64 weights. */
function rowwise(first: number[], second: number[], a: (t: number) => number, b: (t: number) => number): number[] {
  return first.map((v, k) => {
    const t = TIMES[Math.floor(k / D)] as number;
    return a(t) * v + b(t) * (second[k] as number);
  });
}

/** Tolerance scaled to the largest magnitude of the reference (float32 arithmetic, some ill-conditioning). */
function scaled(reference: number[], rel: number) {
  return { atol: rel * Math.max(1, ...reference.map(Math.abs)), rtol: rel };
}

/** Asserts `fn` throws `type` naming `parameter`. */
function expectThrows(fn: () => unknown, type: typeof InvalidArgumentError, parameter: string): void {
  expect(fn).toThrow(type);
  expect(fn).toThrow(`"${parameter}"`);
}

describe.each(schedules)('AffinePath on the $label schedule', ({ schedule }) => {
  const path = new AffinePath(schedule);

  it('samples x_t = α_t·x + σ_t·z row by row', async () => {
    const x = randomNormal([N, D], 1);
    const z = randomNormal([N, D], 2);
    const xt = await expectNoLeaks(() => path.sample(x, z, TIMES));
    const expected = rowwise(
      host(x),
      host(z),
      (t) => schedule.alpha(t),
      (t) => schedule.sigma(t),
    );
    expect(xt.shape).toEqual([N, D]);
    expectClose(host(xt), expected, scaled(expected, 1e-6), 'x_t');
    tf.dispose([x, z, xt]);
  });

  it('gives the velocity α̇·x + σ̇·z, the t-derivative of sample', async () => {
    const x = randomNormal([N, D], 3);
    const z = randomNormal([N, D], 4);
    const v = await expectNoLeaks(() => path.velocity(x, z, TIMES));
    const expected = rowwise(
      host(x),
      host(z),
      (t) => schedule.dAlpha(t),
      (t) => schedule.dSigma(t),
    );
    expectClose(host(v), expected, scaled(expected, 1e-6), 'velocity');

    const h = 1e-3;
    const ahead = path.sample(
      x,
      z,
      TIMES.map((t) => t + h),
    );
    const behind = path.sample(
      x,
      z,
      TIMES.map((t) => t - h),
    );
    const aheadValues = host(ahead);
    const difference = host(behind).map((b, k) => ((aheadValues[k] as number) - b) / (2 * h));
    expectClose(difference, host(v), scaled(expected, 5e-4), 'finite difference of sample');
    tf.dispose([x, z, v, ahead, behind]);
  });

  it('converts the true prediction of every type into the true prediction of every other type', async () => {
    const x = randomNormal([N, D], 5);
    const z = randomNormal([N, D], 6);
    const xt = path.sample(x, z, TIMES);
    const zValues = host(z);
    const truth: Record<PredictionType, tf.Tensor> = {
      data: x,
      noise: z,
      score: tf.tensor2d(
        zValues.map((v, k) => -v / schedule.sigma(TIMES[Math.floor(k / D)] as number)),
        [N, D],
      ),
      velocity: path.velocity(x, z, TIMES),
    };
    for (const from of TYPES) {
      for (const to of TYPES) {
        const converted = await expectNoLeaks(() => path.convert(truth[from], from, to, xt, TIMES));
        const expected = host(truth[to]);
        expectClose(host(converted), expected, scaled(expected, 2e-5), `${from} → ${to}`);
        converted.dispose();
      }
    }
    tf.dispose([xt, ...Object.values(truth)]);
  });

  it('round-trips every pair from → to → from', async () => {
    const xt = randomNormal([N, D], 7);
    const prediction = randomNormal([N, D], 8);
    const original = host(prediction);
    for (const from of TYPES) {
      for (const to of TYPES) {
        const back = await expectNoLeaks(() => {
          const there = path.convert(prediction, from, to, xt, TIMES);
          const result = path.convert(there, to, from, xt, TIMES);
          there.dispose();
          return result;
        });
        expectClose(host(back), original, scaled(original, 1e-4), `${from} → ${to} → ${from}`);
        back.dispose();
      }
    }
    tf.dispose([xt, prediction]);
  });
});

describe('AffinePath time handling', () => {
  const path = new AffinePath(new VPSchedule());

  it('broadcasts one number to every row and accepts a Float32Array', async () => {
    const x = randomNormal([N, D], 9);
    const z = randomNormal([N, D], 10);
    const shared = await expectNoLeaks(() => path.sample(x, z, 0.5));
    const perRow = path.sample(x, z, Array(N).fill(0.5));
    const typed = path.sample(x, z, new Float32Array(N).fill(0.5));
    expect(host(shared)).toEqual(host(perRow));
    expect(host(typed)).toEqual(host(perRow));
    tf.dispose([x, z, shared, perRow, typed]);
  });

  it('is the rectified-flow interpolation for the linear schedule: x_t = (1 − t)x + tz, u = z − x', () => {
    const linear = new AffinePath(new LinearSchedule());
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const z = tf.tensor2d([
      [-1, 0],
      [0.5, -2],
    ]);
    const xt = linear.sample(x, z, [0.25, 1]);
    const u = linear.velocity(x, z, [0.25, 1]);
    expectClose(host(xt), [0.5, 1.5, 0.5, -2], { atol: 1e-7 }, 'x_t');
    expectClose(host(u), [-2, -2, -2.5, -6], { atol: 1e-7 }, 'u');
    tf.dispose([x, z, xt, u]);
  });

  it('converts where defined at the ends of the rectified-flow path and refuses where not', () => {
    const linear = new AffinePath(new LinearSchedule());
    const x = randomNormal([N, D], 11);
    const z = randomNormal([N, D], 12);
    for (const t of [0, 1]) {
      const xt = linear.sample(x, z, t);
      const v = linear.velocity(x, z, t);
      const data = linear.convert(v, 'velocity', 'data', xt, t);
      const noise = linear.convert(v, 'velocity', 'noise', xt, t);
      expectClose(host(data), host(x), { atol: 1e-6 }, `data from velocity at t = ${t}`);
      expectClose(host(noise), host(z), { atol: 1e-6 }, `noise from velocity at t = ${t}`);
      tf.dispose([xt, v, data, noise]);
    }
    const atData = linear.sample(x, z, 0);
    const atNoise = linear.sample(x, z, 1);
    expectThrows(() => linear.convert(x, 'data', 'noise', atData, 0), InvalidArgumentError, 't');
    expectThrows(
      () => linear.convert(z, 'noise', 'score', atData, [0.5, 0.5, 0, 0.5, 0.5]),
      InvalidArgumentError,
      't[2]',
    );
    expectThrows(() => linear.convert(z, 'noise', 'data', atNoise, 1), InvalidArgumentError, 't');
    expectThrows(() => path.velocity(x, z, 0), InvalidArgumentError, 't');
    tf.dispose([x, z, atData, atNoise]);
  });
});

describe('AffinePath validation', () => {
  const path = new AffinePath(new CosineSchedule());
  let x: tf.Tensor;
  let z: tf.Tensor;

  beforeAll(() => {
    x = randomNormal([N, D], 13);
    z = randomNormal([N, D], 14);
  });

  afterAll(() => {
    tf.dispose([x, z]);
  });

  it('rejects a non-schedule', () => {
    expectThrows(() => new AffinePath({} as NoiseSchedule), InvalidArgumentError, 'schedule');
    expectThrows(() => new AffinePath(null as unknown as NoiseSchedule), InvalidArgumentError, 'schedule');
  });

  it('rejects mismatched or wrong-rank shapes and wrong dtypes', () => {
    const narrow = tf.zeros([N, 2]);
    const flat = tf.zeros([N]);
    const ints = tf.zeros([N, D], 'int32');
    expectThrows(() => path.sample(x, narrow, 0.5), ShapeError, 'noise');
    expectThrows(() => path.sample(flat, flat, 0.5), ShapeError, 'xData');
    expectThrows(() => path.velocity(x, narrow, 0.5), ShapeError, 'noise');
    expectThrows(() => path.convert(x, 'data', 'noise', narrow, 0.5), ShapeError, 'xt');
    expectThrows(() => path.convert(flat, 'data', 'noise', x, 0.5), ShapeError, 'prediction');
    expectThrows(() => path.sample(ints, z, 0.5), InvalidArgumentError, 'xData');
    expectThrows(() => path.sample(x, [1, 2] as unknown as tf.Tensor, 0.5), InvalidArgumentError, 'noise');
    tf.dispose([narrow, flat, ints]);
  });

  it('rejects times outside [0, 1] and t of the wrong length', () => {
    for (const t of [-0.1, 1.5, Number.NaN, 250]) expectThrows(() => path.sample(x, z, t), InvalidArgumentError, 't');
    expectThrows(() => path.sample(x, z, [0.1, 0.2, -0.3, 0.4, 0.5]), InvalidArgumentError, 't[2]');
    expectThrows(() => path.velocity(x, z, [0.1, 0.2, 0.3, 0.4, 2]), InvalidArgumentError, 't[4]');
    expectThrows(() => path.sample(x, z, [0.1, 0.2]), ShapeError, 't');
    expectThrows(() => path.convert(x, 'data', 'noise', z, new Float32Array(N + 1)), ShapeError, 't');
    expectThrows(() => path.sample(x, z, '0.5' as unknown as number), InvalidArgumentError, 't');
  });

  it('rejects unknown prediction types', () => {
    expectThrows(() => path.convert(x, 'eps' as PredictionType, 'data', z, 0.5), InvalidArgumentError, 'from');
    expectThrows(() => path.convert(x, 'data', 'x0' as PredictionType, z, 0.5), InvalidArgumentError, 'to');
  });

  it('creates no tensors when it throws', async () => {
    await expectNoLeaks(() => {
      expect(() => path.convert(x, 'data', 'noise', x, 0)).toThrow(InvalidArgumentError);
      expect(() => path.sample(x, z, [0.5])).toThrow(ShapeError);
    });
  });
});
