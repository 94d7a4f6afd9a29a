import { InvalidArgumentError, initBackend } from '@gen/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DRAW_BOUNDS,
  drawingChanges,
  drawnDataset,
  extendStroke,
  fromCanvas,
  JITTER,
  MIN_DRAWN_POINTS,
  SPACING,
  startStroke,
} from '../../src/drawing.js';
import { toCanvas } from '../../src/plots.js';
import type { Drawing } from '../../src/state.js';

/** The plot's canvas size (index.html). */
const SIZE = { width: 420, height: 420 };
const ON: Drawing = { points: [], active: true, strokeEnd: undefined };

beforeAll(async () => {
  await initBackend('cpu');
});

describe('drawing the data set', () => {
  it('maps canvas pixels to the view and back', () => {
    expect(fromCanvas(210, 210, SIZE, DRAW_BOUNDS)).toEqual([0, 0]);
    expect(fromCanvas(0, 0, SIZE, DRAW_BOUNDS)).toEqual([-3, 3]);
    expect(fromCanvas(420, 420, SIZE, DRAW_BOUNDS)).toEqual([3, -3]);
    const [px, py] = toCanvas([1.25, -0.5], SIZE, DRAW_BOUNDS);
    const [x, y] = fromCanvas(px, py, SIZE, DRAW_BOUNDS);
    expect(x).toBeCloseTo(1.25, 12);
    expect(y).toBeCloseTo(-0.5, 12);
  });

  it('adds a point at the press and one every SPACING pixels along a drag', () => {
    let drawing = startStroke(ON, [10, 200], SIZE);
    expect(drawing.points).toHaveLength(1);
    drawing = extendStroke(drawing, [10 + 2.5 * SPACING, 200], SIZE);
    expect(drawing.points).toHaveLength(3);
    expect(drawing.strokeEnd).toEqual([10 + 2 * SPACING, 200]);
    expect(extendStroke(drawing, [10 + 2.9 * SPACING, 200], SIZE)).toBe(drawing); // less than SPACING further
    drawing = extendStroke(drawing, [10 + 2 * SPACING, 200 + 100 * SPACING], SIZE);
    expect(drawing.points).toHaveLength(103);
    // Off, or without a stroke in progress, nothing changes.
    expect(startStroke({ ...ON, active: false }, [10, 10], SIZE)).toEqual({ ...ON, active: false });
    expect(extendStroke(ON, [100, 100], SIZE)).toBe(ON);
  });

  it('jitters each point by N(0, JITTER²) per axis, the same after a Clear', () => {
    // One straight drag along y = 0 (canvas row 210): point k lies at canvas x = k·SPACING before its jitter.
    const n = 2000;
    const drawing = extendStroke(startStroke(ON, [0, 210], SIZE), [n * SPACING, 210], SIZE);
    expect(drawing.points).toHaveLength(n + 1);
    const offsets = drawing.points.flatMap(([x = 0, y = 0], k) => [
      x - fromCanvas(k * SPACING, 210, SIZE, DRAW_BOUNDS)[0],
      y,
    ]);
    const mean = offsets.reduce((a, b) => a + b, 0) / offsets.length;
    const sd = Math.sqrt(offsets.reduce((a, b) => a + (b - mean) ** 2, 0) / (offsets.length - 1));
    // 4002 draws: the mean's standard error is σ/63, the sd's about σ/89; bounds of 4 standard errors.
    console.log(`jitter: mean ${mean.toExponential(2)}, sd ${sd.toFixed(5)} (σ ${JITTER})`);
    expect(Math.abs(mean)).toBeLessThan((4 * JITTER) / 63);
    expect(Math.abs(sd - JITTER)).toBeLessThan((4 * JITTER) / 89);
    // A Clear restarts the jitter: the same stroke gives the same points.
    const again = extendStroke(startStroke({ ...ON, points: [] }, [0, 210], SIZE), [n * SPACING, 210], SIZE);
    expect(again.points).toEqual(drawing.points);
  });

  it(`refuses to be sampled below ${MIN_DRAWN_POINTS} points, naming the drawn points`, () => {
    const five = Array.from({ length: 5 }, (_, k) => [k, k]);
    const dataset = drawnDataset(five);
    expect(dataset.name).toBe('drawn');
    expect(dataset.dim).toBe(2);
    expect(() => dataset.sample(1, 0)).toThrow(InvalidArgumentError);
    try {
      dataset.sample(1, 0);
    } catch (error) {
      expect((error as InvalidArgumentError).parameter).toBe('drawn points');
      expect((error as Error).message).toBe(
        'Invalid argument "drawn points": expected at least 16 points drawn on the plot, received 5. ' +
          'Click or drag on the plot to add more.',
      );
    }
    const enough = drawnDataset(Array.from({ length: 16 }, (_, k) => [k, -k]));
    const x = enough.sample(4, 0);
    expect(x.shape).toEqual([4, 2]);
    x.dispose();
  });

  it('makes the drawing the training data in the fixed view, dropping the model', () => {
    const drawing = { ...ON, points: [[0.5, -1]] };
    const changes = drawingChanges(drawing);
    expect(changes.drawing).toBe(drawing);
    expect(changes.points).toEqual([[0.5, -1]]);
    expect(changes.bounds).toEqual(DRAW_BOUNDS);
    expect(changes.data?.name).toBe('drawn');
    expect(changes.dataInfo).toBe('drawn: D = 2');
    expect(changes.status).toBe('drawn: 1 points (Train needs at least 16).');
    expect(changes.model).toBeUndefined();
    expect('model' in changes).toBe(true);
    expect(changes.step).toBe(0);
  });
});
