import { type Dataset, parseCsv } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { setStatus, ui } from './dom';
import { resetModel } from './model';
import { drawPlot } from './plots';
import { type Bounds, session, state } from './state';

/** Points drawn from the data set for display (and for the browser test's nearest-neighbour check). */
const DATA_POINTS = 2000;

/** What the plot shows of a data set instead of draws from it in fitted bounds (the draw mode's points and view). */
export interface ShownData {
  /** The points shown (and exposed as `window.__demo.data`). */
  points: number[][];
  /** The plot's view, kept fixed. */
  bounds: Bounds;
}

/**
 * Makes `dataset` the training data and drops the model. The plot shows `shown` when given, else `DATA_POINTS`
 * draws from the data set in bounds fitted to them.
 */
export function setData(dataset: Dataset, shown?: ShownData): void {
  session.data = dataset;
  state.dataName = dataset.name;
  state.samples = null;
  state.density = null;
  state.data = shown?.points ?? tf.tidy(() => dataset.sample(DATA_POINTS, 12345).arraySync() as number[][]);
  state.bounds = shown?.bounds ?? fittedBounds(state.data);
  ui.dataInfo.textContent = `${dataset.name}: D = ${dataset.dim}${dataset.dim > 2 ? ' (plots show the first two columns)' : ''}`;
  resetModel();
  drawPlot();
}

/** A square view (so the shapes are not distorted) around `points` with a 15% margin. */
function fittedBounds(points: readonly number[][]): Bounds {
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

/** Loads the CSV file picked in the CSV input as the training data. */
export async function onCsv(): Promise<void> {
  const file = ui.csv.files?.[0];
  if (file === undefined) return;
  const text = await file.text();
  const parsed = parseCsv(text, { name: file.name });
  if (parsed.dim < 2) throw new Error(`${file.name}: the demo needs at least two numeric columns (got ${parsed.dim}).`);
  setData(parsed);
  setStatus(`Loaded ${file.name}: ${parsed.size} rows × ${parsed.dim} columns.`);
}
