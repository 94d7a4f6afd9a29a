import { initBackend, randomNormal } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fokkerPlanck1D, type Sde, sdeint } from '../src/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('an Ornstein–Uhlenbeck process: sdeint samples against fokkerPlanck1D', () => {
  it('the histogram of 50 000 paths matches the Fokker–Planck density (L1 < 0.04) and both match the closed form', async () => {
    // dX = −θ(X − μ)dt + σ dW, X₀ ~ N(m₀, s₀²).
    const [theta, mu, sigma, m0, s0] = [1, 0.5, 0.8, -1, 0.3];
    const ou: Sde = {
      noise: 'additive',
      drift: (_t, x) => tf.mul(tf.sub(x, mu), -theta),
      diffusion: (_t, x) => tf.fill(x.shape, sigma),
    };
    const n = 50_000;
    const x0 = randomNormal([n, 1], 8, m0, s0);
    const { ys } = await sdeint(ou, x0, [0, 1], { method: 'srk', stepSize: 2 ** -7, seed: 9 });
    const samples = (await ys.slice(1, 1).data()) as Float32Array;
    tf.dispose([x0, ys]);

    const cells = 400;
    const width = 8 / cells;
    const grid = Float64Array.from({ length: cells }, (_, i) => -4 + (i + 0.5) * width);
    const gaussian = (m: number, v: number) => (x: number) =>
      Math.exp(-((x - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
    const { density } = fokkerPlanck1D({
      drift: (_t, x) => -theta * (x - mu),
      diffusion: () => sigma,
      p0: gaussian(m0, s0 * s0),
      x: grid,
      ts: [0, 1],
    });
    const fp = density[1] as Float64Array;

    // Closed form at t = 1.
    const mean = mu + (m0 - mu) * Math.exp(-theta);
    const variance = s0 * s0 * Math.exp(-2 * theta) + ((sigma * sigma) / (2 * theta)) * (1 - Math.exp(-2 * theta));
    const exact = gaussian(mean, variance);
    const fpError = fp.reduce((s, p, i) => s + Math.abs(p - exact(grid[i] as number)) * width, 0);
    expect(fpError).toBeLessThan(1e-2);

    // Histogram in 40 bins of 10 cells; the expected L1 sampling error is about 0.015 for n = 50 000.
    const perBin = 10;
    let histogramError = 0;
    for (let b = 0; b < cells / perBin; b += 1) {
      const [lo, hi] = [-4 + b * perBin * width, -4 + (b + 1) * perBin * width];
      const count = samples.reduce((c, v) => c + (v >= lo && v < hi ? 1 : 0), 0);
      const mass = fp.slice(b * perBin, (b + 1) * perBin).reduce((s, p) => s + p * width, 0);
      histogramError += Math.abs(count / n - mass);
    }
    expect(histogramError).toBeLessThan(0.04);
  });
});
