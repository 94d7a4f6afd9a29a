import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/index.js';
import { energyDistance, mmd2, slicedWasserstein2 } from '../src/metrics/index.js';
import { medianPairwiseDistance } from '../src/metrics/median-heuristic.js';
import { BLOCK_ENTRIES, PooledDistances } from '../src/metrics/pooled.js';
import { pairwiseSquaredDistances } from '../src/ot/squared-distances.js';
import { Rng } from '../src/random/rng.js';
import { randomNormal } from '../src/random/tensors.js';
import { expectNoLeaks, switchBackend } from '../src/testing/index.js';
import '@tensorflow/tfjs-backend-wasm';

beforeAll(async () => {
  await initBackend('cpu');
});

/**
 * The metrics as they were computed before the row blocks: the whole pooled (N + M)² matrix at once, its block sums
 * by one matrix product against indicator columns, and the median of the upper triangle by a full sort.
 */
const fullMatrix = {
  squared(x: tf.Tensor, y: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => pairwiseSquaredDistances(tf.concat([x, y], 0)));
  },
  sums(matrix: tf.Tensor2D, n: number) {
    const p = matrix.shape[0];
    const flags = new Float32Array(2 * p);
    for (let i = 0; i < p; i += 1) flags[2 * i + (i < n ? 0 : 1)] = 1;
    const rowSums = tf.tidy(() => tf.matMul(matrix, tf.tensor2d(flags, [p, 2])).dataSync());
    let [xx, xy, yy] = [0, 0, 0];
    for (let i = 0; i < p; i += 1) {
      if (i < n) [xx, xy] = [xx + (rowSums[2 * i] as number), xy + (rowSums[2 * i + 1] as number)];
      else yy += rowSums[2 * i + 1] as number;
    }
    return { xx, xy, yy };
  },
  median(squared: tf.Tensor2D): number {
    const p = squared.shape[0];
    const values = squared.dataSync();
    const pairs = new Float64Array((p * (p - 1)) / 2);
    let k = 0;
    for (let i = 0; i < p; i += 1) for (let j = i + 1; j < p; j += 1) pairs[k++] = values[i * p + j] as number;
    pairs.sort();
    const mid = pairs.length >> 1;
    const upper = Math.sqrt(pairs[mid] as number);
    return pairs.length % 2 === 1 ? upper : (Math.sqrt(pairs[mid - 1] as number) + upper) / 2;
  },
  mmd2(x: tf.Tensor, y: tf.Tensor): { value: number; bandwidth: number } {
    const [n, m] = [x.shape[0] as number, y.shape[0] as number];
    const d2 = fullMatrix.squared(x, y);
    const h = fullMatrix.median(d2);
    const kernel = tf.tidy(() => tf.exp(tf.mul(d2, -1 / (2 * h * h)))) as tf.Tensor2D;
    const s = fullMatrix.sums(kernel, n);
    tf.dispose([d2, kernel]);
    const value = (s.xx - n) / (n * (n - 1)) + (s.yy - m) / (m * (m - 1)) - (2 * s.xy) / (n * m);
    return { value, bandwidth: h };
  },
  energy(x: tf.Tensor, y: tf.Tensor): number {
    const [n, m] = [x.shape[0] as number, y.shape[0] as number];
    const distances = tf.tidy(() => tf.sqrt(fullMatrix.squared(x, y))) as tf.Tensor2D;
    const s = fullMatrix.sums(distances, n);
    distances.dispose();
    return (2 * s.xy) / (n * m) - s.xx / (n * (n - 1)) - s.yy / (m * (m - 1));
  },
};

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Peak tensor bytes that `f` adds above what was alive when it started (tfjs's own profiler). */
async function peakBytesOf(f: () => unknown): Promise<number> {
  const before = tf.memory().numBytes;
  const info = await tf.profile(f as () => tf.TensorContainer);
  return info.peakBytes - before;
}

describe('PooledDistances (row blocks of the pooled squared distances)', () => {
  // P = 310 with blocks of at most 4096 entries: 13 rows, 23 full blocks and a ragged last one of 11 rows.
  let x: tf.Tensor;
  let y: tf.Tensor;
  beforeAll(() => {
    x = tf.tidy(() => tf.mul(randomNormal([160, 3], 1), [1, 2, 0.5]));
    y = tf.tidy(() => tf.add(randomNormal([150, 3], 2), 0.3));
  });
  afterAll(() => tf.dispose([x, y]));

  it('gives the block sums and the median of the whole matrix, exactly, with a ragged last block', async () => {
    const pooled = new PooledDistances(x, y, 4096);
    expect([pooled.p, pooled.blockRows, pooled.p % pooled.blockRows]).toEqual([310, 13, 11]);
    const d2 = fullMatrix.squared(x, y);
    for (const transform of [tf.sqrt, (t: tf.Tensor) => tf.exp(tf.mul(t, -0.3))]) {
      const whole = tf.tidy(() => transform(d2)) as tf.Tensor2D;
      expect(await expectNoLeaks(() => pooled.sums(transform))).toEqual(fullMatrix.sums(whole, 160));
      whole.dispose();
    }
    expect(await expectNoLeaks(() => medianPairwiseDistance(pooled))).toBe(fullMatrix.median(d2));
    tf.dispose([d2]);
    pooled.dispose();
  });
});

describe('on the wasm backend (the CLI default)', () => {
  it('gives the whole-matrix MMD² and energy distance, with a ragged last block', async () => {
    // tfjs-backend-wasm 4.22's oneHot ignores its on/off values: a diagonal mask built with it was all zeros and
    // made MMD² and the energy distance exactly 0 on wasm.
    const previous = await switchBackend('wasm');
    try {
      const x = tf.tidy(() => tf.mul(randomNormal([160, 3], 1), [1, 2, 0.5]));
      const y = tf.tidy(() => tf.add(randomNormal([150, 3], 2), 0.3));
      const pooled = new PooledDistances(x, y, 4096);
      const d2 = fullMatrix.squared(x, y);
      const whole = tf.tidy(() => tf.sqrt(d2)) as tf.Tensor2D;
      const blocked = await expectNoLeaks(() => pooled.sums(tf.sqrt));
      const reference = fullMatrix.sums(whole, 160);
      for (const key of ['xx', 'xy', 'yy'] as const) {
        expect(relative(blocked[key], reference[key])).toBeLessThanOrEqual(1e-6);
      }
      expect(medianPairwiseDistance(pooled)).toBe(fullMatrix.median(d2));
      expect(relative(mmd2(x, y), fullMatrix.mmd2(x, y).value)).toBeLessThanOrEqual(1e-6);
      expect(relative(energyDistance(x, y), fullMatrix.energy(x, y))).toBeLessThanOrEqual(1e-6);
      pooled.dispose();
      tf.dispose([x, y, d2, whole]);
    } finally {
      await switchBackend(previous);
    }
  });
});

describe('mmd2 and energyDistance over row blocks', () => {
  it('equal the whole-matrix computation when N + M exceeds one block (1100 = 953 + a ragged 147 rows)', async () => {
    const x = tf.tidy(() => tf.mul(randomNormal([600, 2], 3), [1, 2]));
    const y = tf.tidy(() => tf.add(randomNormal([500, 2], 4), 0.2));
    expect(Math.floor(BLOCK_ENTRIES / 1100)).toBe(953);
    const reference = fullMatrix.mmd2(x, y);
    const value = await expectNoLeaks(() => mmd2(x, y));
    expect(relative(value, reference.value)).toBeLessThanOrEqual(1e-6);
    expect(await expectNoLeaks(() => mmd2(x, y, { bandwidth: reference.bandwidth }))).toBe(value);
    const energy = await expectNoLeaks(() => energyDistance(x, y));
    expect(relative(energy, fullMatrix.energy(x, y))).toBeLessThanOrEqual(1e-6);
    tf.dispose([x, y]);
  });

  it('never hold the (N + M)² matrix: peak tensor memory at N + M = 3000 stays below one full matrix', async () => {
    const x = randomNormal([1500, 2], 5);
    const y = randomNormal([1500, 2], 6);
    const full = 3000 * 3000 * 4; // 36 MB; the whole-matrix computation held two or three of these at once
    // Measured: about four blocks of 349 × 3000 float32 (16.8 MB) for MMD², fewer for the energy distance.
    expect(await peakBytesOf(() => mmd2(x, y, { bandwidth: 1 }))).toBeLessThan(full / 2);
    expect(await peakBytesOf(() => energyDistance(x, y))).toBeLessThan(full / 2);
    tf.dispose([x, y]);
  });
});

describe('slicedWasserstein2 over chunks of directions', () => {
  it('equals all 128 projections taken at once when N + M = 10 000 allows 104 directions per product', async () => {
    const [n, d, projections, seed] = [5000, 3, 128, 9];
    const x = randomNormal([n, d], 7);
    const y = tf.tidy(() => tf.mul(randomNormal([n, d], 8), 1.5));
    expect(Math.floor(BLOCK_ENTRIES / (2 * n))).toBe(104); // chunks of 104 and 24 directions
    // Reference: the same seeded directions (normal draws, columns normalised), one product, and for N = M the
    // mean squared difference of the sorted projections.
    const gaussian = new Rng(seed).fillNormal(new Float64Array(d * projections));
    const directions = new Float32Array(d * projections);
    for (let l = 0; l < projections; l += 1) {
      let norm = 0;
      for (let k = 0; k < d; k += 1) norm += (gaussian[k * projections + l] as number) ** 2;
      for (let k = 0; k < d; k += 1) {
        directions[k * projections + l] = (gaussian[k * projections + l] as number) / Math.sqrt(norm);
      }
    }
    const values = tf.tidy(() => tf.matMul(tf.concat([x, y]), tf.tensor2d(directions, [d, projections])).dataSync());
    let total = 0;
    for (let l = 0; l < projections; l += 1) {
      const a = Float64Array.from({ length: n }, (_, i) => values[i * projections + l] as number).sort();
      const b = Float64Array.from({ length: n }, (_, i) => values[(n + i) * projections + l] as number).sort();
      total += a.reduce((sum, v, i) => sum + (v - (b[i] as number)) ** 2, 0) / n;
    }
    const value = await expectNoLeaks(() => slicedWasserstein2(x, y, { projections, seed }));
    expect(relative(value, Math.sqrt(total / projections))).toBeLessThanOrEqual(1e-12);
    tf.dispose([x, y]);
  });
});

describe('medianPairwiseDistance (radix selection over blocks)', () => {
  const cases: [string, number[][]][] = [
    ['an odd number of pairs (P = 6, 15 pairs)', [[0], [1], [3], [7], [15], [31]]],
    ['an even number of pairs (P = 5, 10 pairs)', [[0], [1], [3], [7], [15]]],
    [
      'ties and coincident points',
      [
        [0, 0],
        [0, 0],
        [1, 0],
        [1, 0],
        [0, 2],
        [3, 3],
        [3, 3],
      ],
    ],
    ['two points', [[0.5], [2]]],
  ];
  for (const [name, rows] of cases) {
    it(`equals the sorted median for ${name}`, async () => {
      const half = Math.ceil(rows.length / 2);
      const x = tf.tensor2d(rows.slice(0, half));
      const y = tf.tensor2d(rows.slice(half).length > 0 ? rows.slice(half) : [rows[0] as number[]]);
      const reference = tf.tidy(() => fullMatrix.median(fullMatrix.squared(x, y)));
      const pooled = new PooledDistances(x, y);
      expect(await expectNoLeaks(() => medianPairwiseDistance(pooled))).toBe(reference);
      pooled.dispose();
      tf.dispose([x, y]);
    });
  }

  it('is 0 when more than half of the pairs coincide, and mmd2 then asks for a bandwidth', () => {
    const x = tf.tensor2d([[1], [1], [1]]);
    const y = tf.tensor2d([[1], [1], [5]]);
    const pooled = new PooledDistances(x, y);
    expect(medianPairwiseDistance(pooled)).toBe(0);
    pooled.dispose();
    expect(() => mmd2(x, y)).toThrow(
      expect.objectContaining({ name: 'InvalidArgumentError', parameter: 'options.bandwidth' }),
    );
    tf.dispose([x, y]);
  });
});
