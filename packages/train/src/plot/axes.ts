import type { Canvas, Rgba } from './canvas.js';
import { drawText } from './text.js';
import { formatTick, niceTicks, type Ticks } from './ticks.js';

/** The axes' ink (matplotlib's default black at 0.8 grey level is close; this is a near-black). */
export const AXIS_COLOR: Rgba = [34, 34, 34, 255];

/** Tick mark length outside the frame, in pixels. */
export const TICK_LENGTH = 6;

/** One axis's ticks with the pixel (column for x, row for y) each sits at. */
export interface AxisTicks extends Ticks {
  /** `values[i]` is drawn at `pixels[i]`, rounded to whole pixels. */
  pixels: number[];
}

/** The ticks of both axes of a plot. */
export interface PlotTicks {
  /** Ticks along the bottom; pixels are columns. */
  x: AxisTicks;
  /** Ticks along the left; pixels are rows. */
  y: AxisTicks;
}

/** Gap between tick marks and their labels, in pixels. */
const LABEL_PAD = 5;

/**
 * The ticks of a canvas's two axes: round values inside its view, about one per 80 pixels of frame, and the pixel
 * rows and columns they land on.
 *
 * @param canvas - A canvas whose frame and view are set.
 * @returns Ticks for x (pixels are columns) and y (pixels are rows).
 * @example
 * ```ts
 * axisTicks(new Canvas(584, 588, { xMin: -1.3, xMax: 2.7, yMin: -1.3, yMax: 2.7 }, frame)).x.values; // [-1, 0, 1, 2]
 * ```
 */
export function axisTicks(canvas: Canvas): PlotTicks {
  const { view, frame } = canvas;
  const x = niceTicks(view.xMin, view.xMax, Math.max(2, Math.floor(frame.width / 80)));
  const y = niceTicks(view.yMin, view.yMax, Math.max(2, Math.floor(frame.height / 80)));
  return {
    x: { ...x, pixels: x.values.map((v) => Math.round(canvas.toPixel(v, view.yMin)[0])) },
    y: { ...y, pixels: y.values.map((v) => Math.round(canvas.toPixel(view.xMin, v)[1])) },
  };
}

/**
 * Draws axes around a canvas's frame, matplotlib-style: a box of spines just outside the frame, outward tick marks
 * with labels on the left and bottom, axis labels and a title above.
 *
 * @param canvas - A canvas whose frame leaves margins (see `figureLayout`).
 * @param labels - The title and the axis labels.
 * @example
 * ```ts
 * drawAxes(canvas, { title: 'samples vs data', xLabel: 'x\u2081', yLabel: 'x\u2082' });
 * ```
 */
export function drawAxes(canvas: Canvas, labels: { title: string; xLabel: string; yLabel: string }): void {
  const { left, top, width, height } = canvas.frame;
  const bottom = top + height;
  canvas.outline(canvas.frame, AXIS_COLOR);
  const ticks = axisTicks(canvas);
  const text = { color: AXIS_COLOR };
  ticks.x.values.forEach((v, i) => {
    const px = ticks.x.pixels[i] as number;
    canvas.fillRect({ left: px, top: bottom + 1, width: 1, height: TICK_LENGTH }, AXIS_COLOR);
    drawText(canvas, formatTick(v, ticks.x.step), px + 0.5, bottom + 1 + TICK_LENGTH + LABEL_PAD, {
      ...text,
      align: 'center',
    });
  });
  ticks.y.values.forEach((v, i) => {
    const py = ticks.y.pixels[i] as number;
    canvas.fillRect({ left: left - 1 - TICK_LENGTH, top: py, width: TICK_LENGTH, height: 1 }, AXIS_COLOR);
    drawText(canvas, formatTick(v, ticks.y.step), left - 1 - TICK_LENGTH - LABEL_PAD, py + 0.5, {
      ...text,
      align: 'right',
      baseline: 'middle',
    });
  });
  drawText(canvas, labels.xLabel, left + width / 2, bottom + 1 + TICK_LENGTH + LABEL_PAD + 26, {
    ...text,
    align: 'center',
  });
  drawText(canvas, labels.yLabel, 8, top + height / 2, { ...text, align: 'center', vertical: true });
  drawText(canvas, labels.title, left + width / 2, top - 28, { ...text, align: 'center' });
}
