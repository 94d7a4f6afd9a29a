import { initBackend } from '@gen/core';
import { toyDataset } from '@gen/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvDataset, DATA_POINTS, dataChanges, fittedBounds } from '../../src/data.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('the data set shown and trained on', () => {
  it('fits a square view with a 15% margin around the points', () => {
    // x spans [0, 1] → [-0.15, 1.15]; y spans [0, 0.5] → [-0.075, 0.575], widened to the x side (1.3) about 0.25.
    const b = fittedBounds([
      [0, 0],
      [1, 0.5],
    ]);
    expect(b.x0).toBeCloseTo(-0.15, 12);
    expect(b.x1).toBeCloseTo(1.15, 12);
    expect(b.y0).toBeCloseTo(-0.4, 12);
    expect(b.y1).toBeCloseTo(0.9, 12);
    // A single point gets a margin of 0.15 on each side.
    expect(fittedBounds([[2, 3]])).toEqual({ x0: 1.85, x1: 2.15, y0: 2.85, y1: 3.15 });
  });

  it('shows 2000 seeded draws of a toy set and drops the model, samples and density', () => {
    const changes = dataChanges(toyDataset('moons'));
    expect(changes.points).toHaveLength(DATA_POINTS);
    expect(dataChanges(toyDataset('moons')).points).toEqual(changes.points);
    expect(changes.dataInfo).toBe('moons: D = 2');
    expect(changes.model).toBeUndefined();
    expect(changes.samples).toBeNull();
    expect(changes.density).toBeNull();
    expect(changes.losses).toEqual([]);
    const points = changes.points ?? [];
    const xs = points.map((p) => p[0] ?? 0);
    expect(changes.bounds?.x0).toBeLessThan(Math.min(...xs));
    expect(changes.bounds?.x1).toBeGreaterThan(Math.max(...xs));
  });

  it('says when the plots show only the first two of D columns', () => {
    const csv = csvDataset('a,b,c\n1,2,3\n4,5,6\n7,8,10\n', 'three.csv');
    expect(csv.dim).toBe(3);
    expect(csv.size).toBe(3);
    expect(dataChanges(csv).dataInfo).toBe('three.csv: D = 3 (plots show the first two columns)');
  });

  it('refuses a CSV with fewer than two columns, and names the bad line', () => {
    expect(() => csvDataset('x\n1\n2\n', 'one.csv')).toThrow(
      'one.csv: the demo needs at least two numeric columns (got 1).',
    );
    expect(() => csvDataset('x,y\n1,2\n3,abc\n', 'bad.csv')).toThrow(/Line 3/);
  });
});
