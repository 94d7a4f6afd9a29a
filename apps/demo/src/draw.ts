import { InvalidArgumentError, Rng } from '@gen/core';
import { type Dataset, datasetFromArray } from '@gen/train';
import { setData } from './data';
import { setStatus, ui } from './dom';
import { fromCanvas } from './plots';
import { type Bounds, session, state } from './state';

/** The data set select's value that turns on drawing points on the plot. */
export const DRAW_OPTION = 'draw';

/** The fewest drawn points Train accepts. */
const MIN_DRAWN_POINTS = 16;

/** The drawn data set's name. */
const DRAWN = 'drawn';

/** The fixed view the points are drawn in (the prior N(0, I) has 99.7% of its mass per axis inside it). */
const DRAW_BOUNDS: Bounds = { x0: -3, x1: 3, y0: -3, y1: 3 };

/** Canvas pixels between consecutive points along a stroke. */
const SPACING = 4;

/** The standard deviation of each point's Gaussian jitter, in data units: a stroke becomes a band of samples. */
const JITTER = 0.04;

/** The jitter's seed: after a Clear, the same strokes give the same points. */
const JITTER_SEED = 6;

const points: number[][] = [];
let jitter = new Rng(JITTER_SEED);
/** The data set of the last change; drawing works while it is the training data (not after a toy set or a CSV). */
let drawn: Dataset | undefined;
/** The canvas pixel of the current stroke's last point; undefined while no button is down on the plot. */
let strokeEnd: [number, number] | undefined;

/** Shows the draw controls and makes the drawn points (kept from an earlier drawing, or none) the training data. */
export function startDrawing(): void {
  ui.drawControls.hidden = false;
  ui.plot.classList.add('drawing');
  commit();
}

/** Hides the draw controls (the drawn points are kept for the next {@link startDrawing}). */
export function stopDrawing(): void {
  ui.drawControls.hidden = true;
  ui.plot.classList.remove('drawing');
}

/** Removes every drawn point and restarts the jitter's seed. */
export function clearDrawing(): void {
  points.length = 0;
  jitter = new Rng(JITTER_SEED);
  commit();
}

/** Primary button down on the plot: adds a point there and starts a stroke. */
export function onDrawStart(event: PointerEvent): void {
  if (event.button !== 0 || !drawing()) return;
  strokeEnd = canvasPixel(event);
  addPoint(strokeEnd);
  commit();
}

/** Pointer moved on the plot during a stroke: adds points every `SPACING` pixels along the way. */
export function onDrawMove(event: PointerEvent): void {
  if (strokeEnd === undefined || !drawing()) return;
  const [x0, y0] = strokeEnd;
  const [x1, y1] = canvasPixel(event);
  const length = Math.hypot(x1 - x0, y1 - y0);
  const count = Math.floor(length / SPACING);
  if (count === 0) return;
  for (let k = 1; k <= count; k += 1) {
    const f = (k * SPACING) / length;
    strokeEnd = [x0 + f * (x1 - x0), y0 + f * (y1 - y0)];
    addPoint(strokeEnd);
  }
  commit();
}

/** Pointer up on, or leaving, the plot: ends the stroke. */
export function onDrawEnd(): void {
  strokeEnd = undefined;
}

/** Whether the drawn points are the training data and no action is running. */
function drawing(): boolean {
  return drawn !== undefined && session.data === drawn && !state.busy;
}

/** The event's position in canvas pixels (the canvas may be scaled by CSS). */
function canvasPixel(event: PointerEvent): [number, number] {
  const canvas = ui.plot;
  return [(event.offsetX * canvas.width) / canvas.clientWidth, (event.offsetY * canvas.height) / canvas.clientHeight];
}

/** Adds the data point under canvas pixel `p`, jittered. */
function addPoint([px, py]: readonly [number, number]): void {
  const [x, y] = fromCanvas(px, py, ui.plot);
  points.push([x + JITTER * jitter.normal(), y + JITTER * jitter.normal()]);
}

/**
 * Makes the drawn points the training data, as a CSV upload does: an `ArrayDataset` (D = 2) given to `setData`,
 * shown as they are in the fixed draw view. With fewer than `MIN_DRAWN_POINTS`, the data set refuses to be sampled,
 * so Train fails at its first batch with an `InvalidArgumentError` shown in the page.
 */
function commit(): void {
  const n = points.length;
  drawn = n >= MIN_DRAWN_POINTS ? datasetFromArray(points, { name: DRAWN }) : tooFewPoints(n);
  setData(drawn, { points: [...points], bounds: DRAW_BOUNDS });
  ui.drawCount.textContent = `${n} points`;
  ui.drawCount.dataset.count = String(n);
  setStatus(`drawn: ${n} points${n < MIN_DRAWN_POINTS ? ` (Train needs at least ${MIN_DRAWN_POINTS})` : ''}.`);
}

/** The drawn data set while it has `n` < `MIN_DRAWN_POINTS` points: drawing a batch from it throws. */
function tooFewPoints(n: number): Dataset {
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
