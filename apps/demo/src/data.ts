import { type ArrayDataset, type Dataset, parseCsv } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { withoutModel } from './model';
import type { Bounds, DemoState } from './state';

/** Points drawn from the data set for display (and for the browser test's nearest-neighbour check). */
export const DATA_POINTS = 2000;

/** The seed of the displayed draw. */
const DISPLAY_SEED = 12345;

/** What the plot shows of a data set instead of draws from it in fitted bounds (the drawn points and their view). */
export interface ShownData {
  readonly points: readonly number[][];
  readonly bounds: Bounds;
}

/**
 * A square view (so the shapes are not distorted) around `points` with a 15% margin.
 *
 * @param points - The points (first two coordinates used).
 * @returns The view.
 * @example
 * ```ts
 * fittedBounds([[0, 0], [1, 0.5]]); // { x0: -0.15, x1: 1.15, y0: -0.4, y1: 0.9 }
 * ```
 */
export function fittedBounds(points: readonly number[][]): Bounds {
  const xs = points.map((p) => p[0] ?? 0);
  const ys = points.map((p) => p[1] ?? 0);
  const pad = (lo: number, hi: number): [number, number] => {
    const m = 0.15 * (hi - lo || 1);
    return [lo - m, hi + m];
  };
  const [x0, x1] = pad(Math.min(...xs), Math.max(...xs));
  const [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
  const half = Math.max(x1 - x0, y1 - y0) / 2;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
}

/**
 * Makes `dataset` the training data: drops the model, the samples and the density. The plot shows `shown` when
 * given, else DATA_POINTS draws from the data set (seed 12345) in bounds fitted to them.
 *
 * @param dataset - The new training data.
 * @param shown - What the plot shows instead (drawn points in their fixed view).
 * @returns The changes.
 * @example
 * ```ts
 * dataChanges(toyDataset('moons')).points?.length; // 2000
 * ```
 */
export function dataChanges(dataset: Dataset, shown?: ShownData): Partial<DemoState> {
  const points = shown?.points ?? tf.tidy(() => dataset.sample(DATA_POINTS, DISPLAY_SEED).arraySync() as number[][]);
  return {
    ...withoutModel(),
    data: dataset,
    points,
    bounds: shown?.bounds ?? fittedBounds(points),
    samples: null,
    density: null,
    trajectories: null,
    dataInfo: `${dataset.name}: D = ${dataset.dim}${dataset.dim > 2 ? ' (plots show the first two columns)' : ''}`,
  };
}

/**
 * Parses an uploaded CSV file into a data set of at least two numeric columns.
 *
 * @param text - The file's text.
 * @param name - The file's name.
 * @returns The data set.
 * @throws The `GenError` of `parseCsv` naming the line; `Error` for fewer than two columns.
 * @example
 * ```ts
 * csvDataset('x,y\n1,2\n3,4\n', 'a.csv').dim; // 2
 * ```
 */
export function csvDataset(text: string, name: string): ArrayDataset {
  const parsed = parseCsv(text, { name });
  if (parsed.dim < 2) throw new Error(`${name}: the demo needs at least two numeric columns (got ${parsed.dim}).`);
  return parsed;
}
