import { deriveSeed, InvalidArgumentError, Rng } from '@gen/core';
import { type Dataset, datasetFromArray } from '@gen/train';
import { dataChanges } from './data';
import type { Bounds, DemoState, Drawing } from './state';

/** The data set select's value that turns on drawing points on the plot. */
export const DRAW_OPTION = 'draw';

/** The fewest drawn points Train accepts. */
export const MIN_DRAWN_POINTS = 16;

/** The fixed view the points are drawn in (the prior N(0, I) has 99.7% of its mass per axis inside it). */
export const DRAW_BOUNDS: Bounds = { x0: -3, x1: 3, y0: -3, y1: 3 };

/** Canvas pixels between consecutive points along a stroke. */
export const SPACING = 4;

/** The standard deviation of each point's Gaussian jitter, in data units: a stroke becomes a band of samples. */
export const JITTER = 0.04;

/** The jitter's seed: point k is jittered by draws of `deriveSeed(JITTER_SEED, k)`, so a Clear restarts it. */
const JITTER_SEED = 6;

/** The drawn data set's name. */
const DRAWN = 'drawn';

/**
 * The data point under a canvas pixel of a plot showing `DRAW_BOUNDS`, jittered by N(0, JITTER²) per axis with the
 * draws of point `index`.
 */
function jittered([px, py]: readonly [number, number], size: CanvasSize, index: number): number[] {
  const [x, y] = fromCanvas(px, py, size, DRAW_BOUNDS);
  const rng = new Rng(deriveSeed(JITTER_SEED, index));
  return [x + JITTER * rng.normal(), y + JITTER * rng.normal()];
}

/** A canvas's size in canvas pixels. */
export interface CanvasSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Maps canvas pixels to a point of the view `bounds` (row 0 at the top).
 *
 * @param px - Pixels from the left.
 * @param py - Pixels from the top.
 * @param size - The canvas size.
 * @param bounds - The view.
 * @returns [x, y] in data coordinates.
 * @example
 * ```ts
 * fromCanvas(210, 210, { width: 420, height: 420 }, DRAW_BOUNDS); // [0, 0]
 * ```
 */
export function fromCanvas(px: number, py: number, size: CanvasSize, bounds: Bounds): [number, number] {
  return [
    bounds.x0 + (px / size.width) * (bounds.x1 - bounds.x0),
    bounds.y1 - (py / size.height) * (bounds.y1 - bounds.y0),
  ];
}

/**
 * Primary button down at canvas pixel `at`: a point there, and a stroke starts.
 *
 * @param drawing - The drawing (unchanged when it is not active).
 * @param at - The canvas pixel.
 * @param size - The canvas size.
 * @returns The new drawing.
 * @example
 * ```ts
 * startStroke({ points: [], active: true, strokeEnd: undefined }, [210, 210], size).points.length; // 1
 * ```
 */
export function startStroke(drawing: Drawing, at: readonly [number, number], size: CanvasSize): Drawing {
  if (!drawing.active) return drawing;
  return { ...drawing, points: [...drawing.points, jittered(at, size, drawing.points.length)], strokeEnd: at };
}

/**
 * The pointer moved to `to` during a stroke: a point every `SPACING` pixels along the straight way from the
 * stroke's last point (none when it moved less).
 *
 * @param drawing - The drawing (unchanged when no stroke is in progress).
 * @param to - The canvas pixel.
 * @param size - The canvas size.
 * @returns The new drawing.
 * @example
 * ```ts
 * extendStroke(startStroke(on, [0, 0], size), [40, 0], size).points.length; // 11
 * ```
 */
export function extendStroke(drawing: Drawing, to: readonly [number, number], size: CanvasSize): Drawing {
  if (drawing.strokeEnd === undefined || !drawing.active) return drawing;
  const [x0, y0] = drawing.strokeEnd;
  const [x1, y1] = to;
  const length = Math.hypot(x1 - x0, y1 - y0);
  const count = Math.floor(length / SPACING);
  if (count === 0) return drawing;
  const points = [...drawing.points];
  let end: readonly [number, number] = drawing.strokeEnd;
  for (let k = 1; k <= count; k += 1) {
    const f = (k * SPACING) / length;
    end = [x0 + f * (x1 - x0), y0 + f * (y1 - y0)];
    points.push(jittered(end, size, points.length));
  }
  return { ...drawing, points, strokeEnd: end };
}

/**
 * The drawn points as a data set, as a CSV upload gives one: an `ArrayDataset` (D = 2); below `MIN_DRAWN_POINTS`
 * a data set whose `sample` throws, so Train fails at its first batch with the reason.
 *
 * @param points - The drawn points.
 * @returns The data set named `drawn`.
 * @example
 * ```ts
 * drawnDataset(points).dim; // 2
 * ```
 */
export function drawnDataset(points: readonly number[][]): Dataset {
  const n = points.length;
  if (n >= MIN_DRAWN_POINTS) return datasetFromArray(points as number[][], { name: DRAWN });
  return {
    name: DRAWN,
    dim: 2,
    shape: [2],
    sample: () => {
      throw new InvalidArgumentError(
        'drawn points',
        `at least ${MIN_DRAWN_POINTS} points drawn on the plot`,
        n,
        'Click or drag on the plot to add more.',
      );
    },
  };
}

/**
 * The status line of a drawing.
 *
 * @param n - The number of drawn points.
 * @returns E.g. `drawn: 5 points (Train needs at least 16).`
 * @example
 * ```ts
 * drawnStatus(20); // 'drawn: 20 points.'
 * ```
 */
export function drawnStatus(n: number): string {
  return `drawn: ${n} points${n < MIN_DRAWN_POINTS ? ` (Train needs at least ${MIN_DRAWN_POINTS})` : ''}.`;
}

/**
 * Makes a drawing the training data, as a CSV upload does (the model dropped), shown as it is in the fixed draw
 * view, with its count in the status line.
 *
 * @param drawing - The drawing.
 * @returns The changes.
 * @example
 * ```ts
 * drawingChanges({ points: [], active: true, strokeEnd: undefined }).status; // 'drawn: 0 points (Train needs at least 16).'
 * ```
 */
export function drawingChanges(drawing: Drawing): Partial<DemoState> {
  return {
    ...dataChanges(drawnDataset(drawing.points), { points: drawing.points, bounds: DRAW_BOUNDS }),
    drawing,
    status: drawnStatus(drawing.points.length),
  };
}
