import { drawAxes } from './axes.js';
import type { Canvas, Viewport } from './canvas.js';
import { newFigure } from './layout.js';
import { drawLegend } from './legend.js';
import { DATA_COLOR, opaque, SAMPLE_COLOR } from './palette.js';
import { assertFigure, assertPoints } from './validate.js';

/** What `samplesFigure` draws. */
export interface SamplesFigureOptions {
  /** Data points, flat [x0, y0, x1, y1, …]. */
  data: ArrayLike<number>;
  /** Model samples, flat [x0, y0, x1, y1, …]. */
  samples: ArrayLike<number>;
  /** The data rectangle shown. */
  view: Viewport;
  /** The title (default "samples (n = N) vs data"; say the solver too, e.g. "samples (n = 2000, dopri5) vs data"). */
  title?: string;
  /** The plot frame's side in pixels (default 480). */
  plotSize?: number;
}

/**
 * The samples-over-data picture: data in grey, samples in blue, with axes, a title and a legend.
 *
 * @param options - The points, the view and the title.
 * @returns The canvas (write it with `encodePng`).
 * @throws `InvalidArgumentError` naming `options.view` or `options.plotSize`; `ShapeError` naming `options.data` or
 *   `options.samples` when a length is odd.
 * @example
 * ```ts
 * const canvas = samplesFigure({ data, samples, view, title: 'samples (n = 2000, dopri5) vs data' });
 * await writeFile('samples.png', encodePng(canvas.pixels, canvas.width, canvas.height));
 * ```
 */
export function samplesFigure(options: SamplesFigureOptions): Canvas {
  const plotSize = options.plotSize ?? 480;
  assertFigure(options.view, plotSize);
  assertPoints('options.data', options.data);
  assertPoints('options.samples', options.samples);
  const { canvas } = newFigure(options.view, plotSize, false);
  canvas.points(options.data, DATA_COLOR, 1);
  canvas.points(options.samples, SAMPLE_COLOR, 1);
  const title = options.title ?? `samples (n = ${Math.floor(options.samples.length / 2)}) vs data`;
  drawAxes(canvas, { title, xLabel: 'x\u2081', yLabel: 'x\u2082' });
  drawLegend(canvas, [
    { label: 'data', color: opaque(DATA_COLOR), kind: 'marker' },
    { label: 'samples', color: opaque(SAMPLE_COLOR), kind: 'marker' },
  ]);
  return canvas;
}
