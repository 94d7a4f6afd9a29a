import { InvalidArgumentError, initBackend } from '@gen/core';
import { expectClose, expectInvalidArgument, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOY_DATASET_NAMES, type ToyDatasetName, toyDataset } from '../../src/data/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const N = 20_000;

/** Draws n points of a toy set as [x, y] pairs. */
function points(name: ToyDatasetName, n = N, seed = 1): [number, number][] {
  const x = toyDataset(name).sample(n, seed);
  const flat = x.dataSync();
  x.dispose();
  return Array.from({ length: n }, (_, i) => [flat[2 * i] as number, flat[2 * i + 1] as number]);
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const std = (values: readonly number[]): number => {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
};
const radius = ([x, y]: [number, number]): number => Math.hypot(x, y);

/** Groups points by the index of the nearest reference value of `key`. */
function groupBy(pts: [number, number][], key: (p: [number, number]) => number, refs: readonly number[]) {
  const groups = refs.map(() => [] as [number, number][]);
  for (const p of pts) {
    const k = key(p);
    let best = 0;
    for (let r = 1; r < refs.length; r += 1)
      if (Math.abs(k - (refs[r] as number)) < Math.abs(k - (refs[best] as number))) best = r;
    groups[best]?.push(p);
  }
  return groups;
}

describe('toy datasets', () => {
  it.each(TOY_DATASET_NAMES)('%s: [n, 2] float32, finite, seeded, leak-free', async (name) => {
    const data = toyDataset(name);
    expect(data.name).toBe(name);
    expect(data.dim).toBe(2);
    for (const n of [1, 7, 256]) {
      const x = await expectNoLeaks(() => data.sample(n, 3));
      expect(x.shape).toEqual([n, 2]);
      expect(x.dtype).toBe('float32');
      expect(Array.from(x.dataSync()).every(Number.isFinite)).toBe(true);
      x.dispose();
    }
    const [a, b, c] = [data.sample(64, 11), data.sample(64, 11), data.sample(64, 12)];
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    tf.dispose([a, b, c]);
  });

  it('8gaussians: 8 equal clusters at radius 4/1.414, 45° apart, with std 0.5/1.414', () => {
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: FFJORD's literal divisor.
    const divisor = 1.414;
    const centreRadius = 4 / divisor;
    const angles = Array.from({ length: 8 }, (_, k) => (k * Math.PI) / 4);
    const angle = ([x, y]: [number, number]) => (Math.atan2(y, x) + 2 * Math.PI) % (2 * Math.PI);
    const pts = points('8gaussians');
    const clusters = groupBy(pts, angle, [...angles, 2 * Math.PI]);
    clusters[0]?.push(...(clusters.pop() ?? [])); // 360° is 0°
    for (const [k, cluster] of clusters.entries()) {
      const a = angles[k] as number;
      expect(Math.abs(cluster.length / N - 1 / 8)).toBeLessThan(0.01);
      expectClose(
        [mean(cluster.map((p) => p[0])), mean(cluster.map((p) => p[1]))],
        [centreRadius * Math.cos(a), centreRadius * Math.sin(a)],
        { atol: 0.025 },
        `cluster ${k} mean`,
      );
      expectClose(std(cluster.map(radius)), 0.5 / divisor, { atol: 0.015 }, `cluster ${k} radial std`);
    }
  });

  it('checkerboard: uniform on the 8 even squares of side 2 in [−4, 4]², empty elsewhere', () => {
    const counts = new Array<number>(16).fill(0);
    for (const [x, y] of points('checkerboard')) {
      expect(Math.abs(x) <= 4 && Math.abs(y) <= 4).toBe(true);
      const i = Math.floor((x + 4) / 2);
      const j = Math.floor((y + 4) / 2);
      counts[4 * i + j] = (counts[4 * i + j] as number) + 1;
    }
    for (let i = 0; i < 4; i += 1) {
      for (let j = 0; j < 4; j += 1) {
        const share = (counts[4 * i + j] as number) / N;
        if ((i + j) % 2 === 1) expect(share).toBe(0);
        else expect(Math.abs(share - 1 / 8)).toBeLessThan(0.01);
      }
    }
  });

  it('circles: half the points at radius 3, half at 1.5, radial noise 0.24', () => {
    const [outer = [], inner = []] = groupBy(points('circles'), radius, [3, 1.5]);
    expect(Math.abs(outer.length / N - 0.5)).toBeLessThan(0.005);
    expectClose(mean(outer.map(radius)), 3, { atol: 0.02 }, 'outer radius');
    expectClose(mean(inner.map(radius)), 1.5, { atol: 0.03 }, 'inner radius');
    expectClose(std(outer.map(radius)), 0.24, { atol: 0.01 }, 'outer radial std');
  });

  it('rings: a quarter of the points on each of the radii 3, 2.25, 1.5, 0.75, radial noise 0.08', () => {
    const radii = [3, 2.25, 1.5, 0.75];
    const rings = groupBy(points('rings'), radius, radii);
    for (const [r, ring] of rings.entries()) {
      expect(ring.length).toBe(N / 4);
      expectClose(mean(ring.map(radius)), radii[r] as number, { atol: 0.01 }, `ring ${r} radius`);
      expectClose(std(ring.map(radius)), 0.08, { atol: 0.005 }, `ring ${r} radial std`);
    }
  });

  it('moons: two noisy half circles of radius 2 centred at (−1, −0.2) and (1, 0.8)', () => {
    const pts = points('moons');
    // Upper moon: (2cos θ − 1, 2sin θ − 0.2), lower moon: (1 − 2cos θ, 0.8 − 2sin θ), θ ∈ [0, π]: their means are
    // (−1, 4/π − 0.2) and (1, 0.8 − 4/π), so the overall mean is (0, 0.3).
    expectClose([mean(pts.map((p) => p[0])), mean(pts.map((p) => p[1]))], [0, 0.3], { atol: 0.02 }, 'mean');
    const arcDistance = ([x, y]: [number, number]) =>
      Math.min(Math.abs(Math.hypot(x + 1, y + 0.2) - 2), Math.abs(Math.hypot(x - 1, y - 0.8) - 2));
    const distances = pts.map(arcDistance);
    expect(distances.filter((d) => d < 0.6).length / N).toBeGreaterThan(0.99); // noise std 0.2
    expectClose(Math.sqrt(mean(distances.map((d) => d * d))), 0.2, { atol: 0.02 }, 'RMS distance to the arcs');
  });

  it('swissroll: mean radius 0.6π (τ/5 with τ ~ U[1.5π, 4.5π]) and noise 0.2 per coordinate', () => {
    const pts = points('swissroll');
    const radii = pts.map(radius);
    const meanRadius = mean(radii);
    expectClose(meanRadius, 0.6 * Math.PI, { atol: 0.03 }, 'mean radius');
    expect(Math.max(...radii)).toBeLessThan(0.9 * Math.PI + 1);
    // Spread: τ/5 uniform on [0.3π, 0.9π] has std 0.6π/√12 = 0.544; the radial part of the 0.2 noise adds in
    // quadrature, √(0.544² + 0.2²) = 0.580 (without noise the test would see 0.544; standard error ≈ 0.003).
    const spread = Math.sqrt(mean(radii.map((r) => (r - meanRadius) ** 2)));
    expectClose(spread, Math.hypot((0.6 * Math.PI) / Math.sqrt(12), 0.2), { atol: 0.012 }, 'radius std');
  });

  it('pinwheel: five arms around the origin at radius ≈ 2', () => {
    const pts = points('pinwheel');
    const phi = pts.map(([x, y]) => Math.atan2(y, x));
    expectClose([mean(pts.map((p) => p[0])), mean(pts.map((p) => p[1]))], [0, 0], { atol: 0.03 }, 'mean');
    expectClose(mean(pts.map(radius)), 2.01, { atol: 0.02 }, 'mean radius');
    const resultant = (k: number) =>
      Math.hypot(mean(phi.map((a) => Math.cos(k * a))), mean(phi.map((a) => Math.sin(k * a))));
    expect(resultant(1)).toBeLessThan(0.03);
    expect(resultant(5)).toBeGreaterThan(0.3);
  });

  it('2spirals: the second half mirrors the first through the origin, noise 0.1', () => {
    const pts = points('2spirals');
    const half = N / 2;
    const sums = pts
      .slice(0, half)
      .flatMap(([x, y], i) => [x + (pts[half + i]?.[0] as number), y + (pts[half + i]?.[1] as number)]);
    expectClose([mean(sums), std(sums)], [0, 0.1 * Math.SQRT2], { atol: 0.005 }, 'mirror residual mean, std');
    expect(Math.max(...pts.map(radius))).toBeLessThan(Math.PI + 0.8);
  });

  it('rejects unknown names (listing the valid ones) and bad n or seed', () => {
    expectInvalidArgument(() => toyDataset('spiral' as ToyDatasetName), InvalidArgumentError, 'name');
    expect(() => toyDataset('spiral' as ToyDatasetName)).toThrow(/"moons", "circles", "8gaussians"/);
    expectInvalidArgument(() => toyDataset('moons').sample(0, 1), InvalidArgumentError, 'n');
    expectInvalidArgument(() => toyDataset('moons').sample(2.5, 1), InvalidArgumentError, 'n');
    expectInvalidArgument(() => toyDataset('moons').sample(2, -1), InvalidArgumentError, 'seed');
  });
});
