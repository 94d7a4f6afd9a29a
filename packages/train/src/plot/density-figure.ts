import { InvalidArgumentError, ShapeError } from '@gen/core';
import { drawAxes } from './axes.js';
import { type Canvas, finiteRange, type Viewport, viridis } from './canvas.js';
import { drawColorBar } from './color-bar.js';
import { newFigure } from './layout.js';
import { assertCount, assertFigure } from './validate.js';

/** What `densityFigure` draws. */
export interface DensityFigureOptions {
  /** log p at the centres of a grid × grid lattice over `view`, row-major, row 0 at yMax, in nats. */
  logDensity: ArrayLike<number>;
  /** Cells per side. */
  grid: number;
  /** The data rectangle shown. */
  view: Viewport;
  /** The title (default "model density log p(x)"). */
  title?: string;
  /** Nats below the maximum where the colour scale stops; lower values get its darkest colour (default 12). */
  span?: number;
  /** The plot frame's side in pixels (default 480). */
  plotSize?: number;
}

/**
 * The colour scale of a density picture: from the larger of the smallest finite log p and (largest − span) up to the
 * largest; a unit-wide range around the value when all are equal, [0, 1] when none is finite.
 *
 * @param logDensity - log p values (non-finite ones are ignored).
 * @param span - Nats below the maximum where the scale stops.
 * @returns [lo, hi] with lo < hi.
 * @example
 * ```ts
 * densityRange([-30, -2, 1], 12); // [-11, 1]
 * ```
 */
export function densityRange(logDensity: ArrayLike<number>, span: number): [number, number] {
  const [min, max] = finiteRange(logDensity);
  if (!(max >= min)) return [0, 1];
  if (max === min) return [min - 0.5, max + 0.5];
  return [Math.max(min, max - span), max];
}

/**
 * The model density picture: log p on the grid in the viridis colour map, with axes, a title and a colour bar in
 * nats.
 *
 * @param options - The log-densities, the grid, the view and the title.
 * @returns The canvas.
 * @throws `InvalidArgumentError` naming `options.view`, `options.plotSize`, `options.grid` or `options.span` (a
 *   positive finite number); `ShapeError` naming `options.logDensity` when its length is not grid².
 * @example
 * ```ts
 * const canvas = densityFigure({ logDensity: await logp.data(), grid: 64, view });
 * ```
 */
export function densityFigure(options: DensityFigureOptions): Canvas {
  const { grid, logDensity } = options;
  const [plotSize, span] = [options.plotSize ?? 480, options.span ?? 12];
  assertFigure(options.view, plotSize);
  assertCount('options.grid', grid);
  if (logDensity.length !== grid * grid)
    throw new ShapeError('options.logDensity', `[grid²] = [${grid * grid}]`, [logDensity.length]);
  if (!(span > 0 && Number.isFinite(span)))
    throw new InvalidArgumentError('options.span', 'a positive finite number', span);
  const { canvas, layout } = newFigure(options.view, plotSize, true);
  const range = densityRange(logDensity, span);
  canvas.heatMap(logDensity, grid, viridis, range);
  drawAxes(canvas, { title: options.title ?? 'model density log p(x)', xLabel: 'x\u2081', yLabel: 'x\u2082' });
  if (layout.colorBar !== undefined) drawColorBar(canvas, layout.colorBar, range, viridis, 'log p(x) [nats]');
  return canvas;
}
