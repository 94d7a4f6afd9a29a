import { AXIS_COLOR, TICK_LENGTH } from './axes.js';
import type { Canvas, PixelRect, Rgba } from './canvas.js';
import { drawText } from './text.js';
import { formatTick, niceTicks, type Ticks } from './ticks.js';

/** A colour bar's ticks with the row each sits at. */
export interface ColorBarTicks extends Ticks {
  /** `values[i]` is drawn at row `rows[i]`. */
  rows: number[];
}

/**
 * The ticks of a vertical colour bar: round values inside `range` (about one per 60 pixels) and their rows, the top
 * row showing `range[1]` and the bottom row `range[0]`.
 *
 * @param rect - The bar's pixels.
 * @param range - The values at its bottom and top (lo < hi).
 * @returns The ticks.
 * @example
 * ```ts
 * colorBarTicks({ left: 0, top: 0, width: 20, height: 481 }, [-10, 0]).rows; // [480, 384, 288, 192, 96, 0]
 * ```
 */
export function colorBarTicks(rect: PixelRect, range: readonly [number, number]): ColorBarTicks {
  const [lo, hi] = range;
  const ticks = niceTicks(lo, hi, Math.max(2, Math.floor(rect.height / 60)));
  return { ...ticks, rows: ticks.values.map((v) => Math.round(rect.top + ((hi - v) / (hi - lo)) * (rect.height - 1))) };
}

/**
 * Draws a vertical colour bar: the colour map from `range[0]` (bottom) to `range[1]` (top), a box around it, tick
 * marks and labels on its right and a vertical label beyond them.
 *
 * @param canvas - The canvas.
 * @param rect - The bar's pixels (see `figureLayout`).
 * @param range - The values the colour map's ends stand for (lo < hi).
 * @param colorOf - The colour map on [0, 1].
 * @param label - What the values are, with their unit.
 * @example
 * ```ts
 * drawColorBar(canvas, layout.colorBar, [-12, 0.5], viridis, 'log p(x) [nats]');
 * ```
 */
export function drawColorBar(
  canvas: Canvas,
  rect: PixelRect,
  range: readonly [number, number],
  colorOf: (u: number) => Rgba,
  label: string,
): void {
  const { left, top, width, height } = rect;
  for (let row = 0; row < height; row += 1)
    canvas.fillRect({ left, top: top + row, width, height: 1 }, colorOf(1 - row / (height - 1)));
  canvas.outline(rect, AXIS_COLOR);
  const ticks = colorBarTicks(rect, range);
  ticks.values.forEach((v, i) => {
    const row = ticks.rows[i] as number;
    canvas.fillRect({ left: left + width + 1, top: row, width: TICK_LENGTH, height: 1 }, AXIS_COLOR);
    drawText(canvas, formatTick(v, ticks.step), left + width + 1 + TICK_LENGTH + 5, row + 0.5, {
      color: AXIS_COLOR,
      baseline: 'middle',
    });
  });
  drawText(canvas, label, canvas.width - 26, top + height / 2, { color: AXIS_COLOR, align: 'center', vertical: true });
}
