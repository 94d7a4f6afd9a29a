import { ShapeError } from '@gen/core';
import { drawAxes } from './axes.js';
import type { Canvas, Viewport } from './canvas.js';
import { newFigure } from './layout.js';
import { drawLegend } from './legend.js';
import { DATA_COLOR, opaque, PATH_COLOR, SAMPLE_COLOR } from './palette.js';
import { assertCount, assertFigure, assertPoints } from './validate.js';

/** What `trajectoriesFigure` draws. */
export interface TrajectoriesFigureOptions {
  /** Data points, flat [x0, y0, x1, y1, …]. */
  data: ArrayLike<number>;
  /** The solution at `frames` output times, [frame][path][2] flattened (as `odeint`'s `ys`): the last frame is the end. */
  paths: ArrayLike<number>;
  /** Output times in `paths`. */
  frames: number;
  /** The data rectangle shown. */
  view: Viewport;
  /** The title (default "trajectories t = 1 → 0"). */
  title?: string;
  /** The plot frame's side in pixels (default 480). */
  plotSize?: number;
}

/**
 * The trajectories picture: data in grey, each path from noise to data in red, its end point in blue, with axes, a
 * title and a legend.
 *
 * @param options - The paths, the data, the view and the title.
 * @returns The canvas.
 * @throws `InvalidArgumentError` naming `options.view`, `options.plotSize` or `options.frames`; `ShapeError` naming
 *   `options.data` (odd length) or `options.paths` (length not a multiple of 2 · frames).
 * @example
 * ```ts
 * const canvas = trajectoriesFigure({ data, paths: await ys.data(), frames: 41, view });
 * ```
 */
export function trajectoriesFigure(options: TrajectoriesFigureOptions): Canvas {
  const { paths, frames } = options;
  const plotSize = options.plotSize ?? 480;
  assertFigure(options.view, plotSize);
  assertPoints('options.data', options.data);
  assertCount('options.frames', frames);
  if (paths.length % (2 * frames) !== 0)
    throw new ShapeError('options.paths', `[frames · paths · 2] with frames = ${frames}`, [paths.length]);
  const { canvas } = newFigure(options.view, plotSize, false);
  canvas.points(options.data, DATA_COLOR, 1);
  const count = Math.floor(paths.length / (2 * frames));
  for (let j = 0; j < count; j += 1) {
    const xy = Array.from({ length: frames }, (_, k) => [
      paths[(k * count + j) * 2] as number,
      paths[(k * count + j) * 2 + 1] as number,
    ]).flat();
    canvas.polyline(xy, PATH_COLOR);
    canvas.points(xy.slice(-2), opaque(SAMPLE_COLOR), 2);
  }
  drawAxes(canvas, { title: options.title ?? 'trajectories t = 1 \u2192 0', xLabel: 'x\u2081', yLabel: 'x\u2082' });
  drawLegend(canvas, [
    { label: 'data', color: opaque(DATA_COLOR), kind: 'marker' },
    { label: 'paths', color: opaque(PATH_COLOR), kind: 'line' },
    { label: 'end (t = 0)', color: opaque(SAMPLE_COLOR), kind: 'marker' },
  ]);
  return canvas;
}
