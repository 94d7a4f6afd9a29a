import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiagonalGaussian, type Distribution, GaussianMixture, StandardNormal } from '../src/distributions/index.js';
import { InvalidArgumentError, ShapeError } from '../src/errors/index.js';
import { initBackend } from '../src/index.js';
import { expectClose, expectInvalidArgument, expectNoLeaks } from '../src/testing/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const LOG_2PI = Math.log(2 * Math.PI);
/** float32 rounding of a log-density of magnitude m: well below atol + rtol·m. */
const LOGP_TOL = { atol: 1e-5, rtol: 1e-6 };

/** log N(x; μ, diag σ²) in float64. */
function gaussianLogPdf(x: readonly number[], mean: readonly number[], std: readonly number[]): number {
  let sum = 0;
  for (const [d, xd] of x.entries()) {
    const s = std[d] as number;
    sum += -0.5 * ((xd - (mean[d] as number)) / s) ** 2 - Math.log(s);
  }
  return sum - 0.5 * x.length * LOG_2PI;
}

/** log Σ_k w_k N(x; μ_k, diag σ_k²) in float64, stable (max subtracted). */
function mixtureLogPdf(
  x: readonly number[],
  weights: readonly number[],
  means: readonly (readonly number[])[],
  stds: readonly (readonly number[])[],
): number {
  const total = weights.reduce((a, b) => a + b, 0);
  const terms = weights.map(
    (w, k) => Math.log(w / total) + gaussianLogPdf(x, means[k] as number[], stds[k] as number[]),
  );
  const max = Math.max(...terms);
  return max + Math.log(terms.reduce((s, v) => s + Math.exp(v - max), 0));
}

/** Per-column sample mean and (biased) variance of a row-major [n, d] array. */
function columnMoments(values: ArrayLike<number>, d: number): { mean: number[]; variance: number[] } {
  const n = values.length / d;
  const mean = new Array<number>(d).fill(0);
  const variance = new Array<number>(d).fill(0);
  for (let i = 0; i < values.length; i += 1) mean[i % d] = (mean[i % d] as number) + (values[i] as number) / n;
  for (let i = 0; i < values.length; i += 1) {
    variance[i % d] = (variance[i % d] as number) + ((values[i] as number) - (mean[i % d] as number)) ** 2 / n;
  }
  return { mean, variance };
}

/** Asserts that sample mean and variance match N(μ, σ²) per column within 4 standard errors. */
function expectGaussianMoments(values: ArrayLike<number>, mean: readonly number[], std: readonly number[]): void {
  const d = mean.length;
  const n = values.length / d;
  const moments = columnMoments(values, d);
  for (let j = 0; j < d; j += 1) {
    const s = std[j] as number;
    expect(Math.abs((moments.mean[j] as number) - (mean[j] as number))).toBeLessThan((4 * s) / Math.sqrt(n));
    // Standard error of the sample variance of a normal: σ²·sqrt(2 / (n − 1)).
    expect(Math.abs((moments.variance[j] as number) - s * s)).toBeLessThan(4 * s * s * Math.sqrt(2 / (n - 1)));
  }
}

async function logProbOf(dist: Distribution, rows: number[][]): Promise<Float32Array> {
  const x = tf.tensor2d(rows);
  const logp = await expectNoLeaks(() => dist.logProb(x));
  expect(logp.shape).toEqual([rows.length]);
  const values = (await logp.data()) as Float32Array;
  expect(x.isDisposed).toBe(false);
  tf.dispose([x, logp]);
  return values;
}

async function sampleOf(dist: Distribution, n: number, seed: number): Promise<Float32Array> {
  const x = await expectNoLeaks(() => dist.sample(n, seed));
  expect(x.shape).toEqual([n, dist.dim]);
  expect(x.dtype).toBe('float32');
  const values = (await x.data()) as Float32Array;
  x.dispose();
  return values;
}

const POINTS_3D = [
  [0, 0, 0],
  [1, -2, 0.5],
  [-3.25, 4, 1e-3],
  [7, -6, 5],
];

describe('StandardNormal', () => {
  it('matches −½‖x‖² − (D/2)·log 2π in float64', async () => {
    const zero = [0, 0, 0];
    const ones = [1, 1, 1];
    expectClose(
      await logProbOf(new StandardNormal(3), POINTS_3D),
      POINTS_3D.map((x) => gaussianLogPdf(x, zero, ones)),
      LOGP_TOL,
      'logp',
    );
    expectClose(await logProbOf(new StandardNormal(1), [[0]]), -0.5 * LOG_2PI, LOGP_TOL, 'logp(0)');
  });

  it('samples mean 0 and variance 1 per coordinate (n = 20 000, 4 standard errors)', async () => {
    expectGaussianMoments(await sampleOf(new StandardNormal(3), 20_000, 5), [0, 0, 0], [1, 1, 1]);
  });

  it('is reproducible for a seed and differs across seeds', async () => {
    const dist = new StandardNormal(2);
    const a = Array.from(await sampleOf(dist, 100, 9));
    expect(Array.from(await sampleOf(dist, 100, 9))).toEqual(a);
    expect(Array.from(await sampleOf(dist, 100, 10))).not.toEqual(a);
  });
});

describe('DiagonalGaussian', () => {
  const mean = [1, -2, 0.5];
  const std = [0.5, 3, 1.25];

  it('matches the closed-form log-density in float64', async () => {
    const dist = new DiagonalGaussian({ mean, std });
    expect(dist.dim).toBe(3);
    expectClose(
      await logProbOf(dist, POINTS_3D),
      POINTS_3D.map((x) => gaussianLogPdf(x, mean, std)),
      LOGP_TOL,
      'logp',
    );
  });

  it('equals StandardNormal when μ = 0 and σ = 1', async () => {
    const standard = await logProbOf(new StandardNormal(3), POINTS_3D);
    expectClose(await logProbOf(new DiagonalGaussian({ mean: [0, 0, 0], std: [1, 1, 1] }), POINTS_3D), standard, {
      atol: 1e-6,
    });
  });

  it('samples mean μ and variance σ² per coordinate (n = 20 000, 4 standard errors)', async () => {
    expectGaussianMoments(await sampleOf(new DiagonalGaussian({ mean, std }), 20_000, 3), mean, std);
  });

  it('is reproducible for a seed and differs across seeds', async () => {
    const dist = new DiagonalGaussian({ mean, std });
    const a = Array.from(await sampleOf(dist, 50, 1));
    expect(Array.from(await sampleOf(dist, 50, 1))).toEqual(a);
    expect(Array.from(await sampleOf(dist, 50, 2))).not.toEqual(a);
  });

  it('copies its parameters', () => {
    const m = [0, 1];
    const dist = new DiagonalGaussian({ mean: m, std: [1, 2] });
    m[0] = 5;
    expect(dist.mean).toEqual([0, 1]);
  });
});

describe('GaussianMixture', () => {
  // Unnormalised weights (normalised: 0.25, 0.75), one isotropic and one diagonal component.
  const weights = [1, 3];
  const means = [
    [-6, 0],
    [6, 2],
  ];
  const stdsDiagonal = [
    [1, 1],
    [0.5, 2],
  ];
  const mixture = () => new GaussianMixture({ weights, means, stds: [1, [0.5, 2]] });
  const points = [
    [0, 0],
    [-6, 0.3],
    [6.2, 1],
    [1.5, -2.5],
    [40, -30], // far from both components: exp(logits) underflows in float32
  ];

  it('matches a float64 log-sum-exp of weighted component densities, far points included', async () => {
    const logp = await logProbOf(mixture(), points);
    expectClose(
      logp,
      points.map((x) => mixtureLogPdf(x, weights, means, stdsDiagonal)),
      LOGP_TOL,
      'logp',
    );
    expect(logp[4]).toBeLessThan(-1000);
  });

  it('normalises weights and accepts isotropic, diagonal and mixed standard deviations alike', async () => {
    const isotropic = new GaussianMixture({ weights: [2, 6], means, stds: [1, 0.5] });
    const diagonal = new GaussianMixture({
      weights: [0.25, 0.75],
      means,
      stds: [
        [1, 1],
        [0.5, 0.5],
      ],
    });
    expect(isotropic.weights).toEqual([0.25, 0.75]);
    expect(isotropic.stds).toEqual([
      [1, 1],
      [0.5, 0.5],
    ]);
    expectClose(await logProbOf(isotropic, points), await logProbOf(diagonal, points), { atol: 1e-6, rtol: 1e-7 });
    expectClose(
      await logProbOf(isotropic, points),
      points.map((x) =>
        mixtureLogPdf(x, [1, 3], means, [
          [1, 1],
          [0.5, 0.5],
        ]),
      ),
      LOGP_TOL,
      'isotropic logp',
    );
  });

  it('reduces to the component density with one component', async () => {
    const single = new GaussianMixture({ weights: [5], means: [[1, -1]], stds: [[0.5, 2]] });
    const gaussian = new DiagonalGaussian({ mean: [1, -1], std: [0.5, 2] });
    expectClose(await logProbOf(single, points), await logProbOf(gaussian, points), { atol: 1e-5, rtol: 1e-6 });
  });

  it('samples components with frequencies w and each cluster with its mean and std (n = 40 000)', async () => {
    const n = 40_000;
    const values = await sampleOf(mixture(), n, 11);
    // The components are 12 standard deviations apart along x0, so the sign of x0 identifies the component.
    const clusters: number[][] = [[], []];
    for (let i = 0; i < n; i += 1)
      clusters[(values[2 * i] as number) > 0 ? 1 : 0]?.push(values[2 * i] as number, values[2 * i + 1] as number);
    const fraction = (clusters[1]?.length as number) / 2 / n;
    expect(Math.abs(fraction - 0.75)).toBeLessThan(4 * Math.sqrt((0.75 * 0.25) / n));
    expectGaussianMoments(clusters[0] as number[], means[0] as number[], stdsDiagonal[0] as number[]);
    expectGaussianMoments(clusters[1] as number[], means[1] as number[], stdsDiagonal[1] as number[]);
  });

  it('is reproducible for a seed and differs across seeds', async () => {
    const a = Array.from(await sampleOf(mixture(), 64, 4));
    expect(Array.from(await sampleOf(mixture(), 64, 4))).toEqual(a);
    expect(Array.from(await sampleOf(mixture(), 64, 5))).not.toEqual(a);
  });
});

describe('validation', () => {
  const distributions: [string, Distribution][] = [
    ['StandardNormal', new StandardNormal(2)],
    ['DiagonalGaussian', new DiagonalGaussian({ mean: [0, 1], std: [1, 2] })],
    [
      'GaussianMixture',
      new GaussianMixture({
        weights: [1, 1],
        means: [
          [0, 0],
          [1, 1],
        ],
        stds: [1, 2],
      }),
    ],
  ];

  it.each(distributions)('%s.logProb rejects a wrong rank, a wrong D, a non-tensor and int32', (_, dist) => {
    const rank1 = tf.zeros([4]);
    const wrongDim = tf.zeros([4, 3]);
    const ints = tf.zeros([4, 2], 'int32');
    expectInvalidArgument(() => dist.logProb(rank1), ShapeError, 'x');
    expectInvalidArgument(() => dist.logProb(wrongDim), ShapeError, 'x');
    expect(() => dist.logProb(wrongDim)).toThrow('expected shape [*, 2], received [4, 3]');
    expectInvalidArgument(() => dist.logProb([[0, 0]] as unknown as tf.Tensor), InvalidArgumentError, 'x');
    expectInvalidArgument(() => dist.logProb(ints), InvalidArgumentError, 'x');
    tf.dispose([rank1, wrongDim, ints]);
  });

  it.each(distributions)('%s.sample rejects a bad n or seed', (_, dist) => {
    expectInvalidArgument(() => dist.sample(0, 1), InvalidArgumentError, 'n');
    expectInvalidArgument(() => dist.sample(2.5, 1), InvalidArgumentError, 'n');
    expectInvalidArgument(() => dist.sample(10, -1), InvalidArgumentError, 'seed');
    expectInvalidArgument(() => dist.sample(10, 0.5), InvalidArgumentError, 'seed');
  });

  it('StandardNormal rejects a dimension that is not a positive integer', () => {
    expectInvalidArgument(() => new StandardNormal(0), InvalidArgumentError, 'dim');
    expectInvalidArgument(() => new StandardNormal(1.5), InvalidArgumentError, 'dim');
  });

  it('DiagonalGaussian rejects bad mean and std', () => {
    expectInvalidArgument(
      () => new DiagonalGaussian({ mean: [0, 0], std: [1, -1] }),
      InvalidArgumentError,
      'options.std[1]',
    );
    expectInvalidArgument(() => new DiagonalGaussian({ mean: [0], std: [0] }), InvalidArgumentError, 'options.std[0]');
    expectInvalidArgument(() => new DiagonalGaussian({ mean: [0, 0], std: [1] }), InvalidArgumentError, 'options.std');
    expectInvalidArgument(() => new DiagonalGaussian({ mean: [], std: [] }), InvalidArgumentError, 'options.mean');
    expectInvalidArgument(
      () => new DiagonalGaussian({ mean: [Number.NaN], std: [1] }),
      InvalidArgumentError,
      'options.mean[0]',
    );
    expectInvalidArgument(
      () => new DiagonalGaussian(null as unknown as { mean: number[]; std: number[] }),
      InvalidArgumentError,
      'options',
    );
  });

  it('GaussianMixture rejects bad weights, means and stds', () => {
    const means = [
      [0, 0],
      [1, 1],
    ];
    const make = (weights: number[], m: number[][], stds: (number | number[])[]) => () =>
      new GaussianMixture({ weights, means: m, stds });
    expectInvalidArgument(make([1, -1], means, [1, 1]), InvalidArgumentError, 'options.weights[1]');
    expectInvalidArgument(make([], [], []), InvalidArgumentError, 'options.weights');
    expectInvalidArgument(make([1, 1, 1], means, [1, 1, 1]), InvalidArgumentError, 'options.means');
    expectInvalidArgument(make([1, 1], [[0, 0], [1]], [1, 1]), InvalidArgumentError, 'options.means[1]');
    expectInvalidArgument(make([1, 1], means, [1]), InvalidArgumentError, 'options.stds');
    expectInvalidArgument(make([1, 1], means, [-1, 1]), InvalidArgumentError, 'options.stds[0]');
    expectInvalidArgument(make([1, 1], means, [[1, 1], [1]]), InvalidArgumentError, 'options.stds[1]');
    expectInvalidArgument(
      make([1, 1], means, [
        [1, 1],
        [0, 1],
      ]),
      InvalidArgumentError,
      'options.stds[1][0]',
    );
  });
});
