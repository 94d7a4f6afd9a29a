import { Canvas, type PixelRect, type Viewport } from './canvas.js';

/** Where a figure's parts go: the whole picture, its plot frame and, when asked, a colour bar beside it. */
export interface FigureLayout {
  /** Picture width in pixels. */
  width: number;
  /** Picture height in pixels. */
  height: number;
  /** The plot area (square): data drawing is clipped to it and the axes' spines surround it. */
  frame: PixelRect;
  /** The colour bar's strip, right of the frame and as tall, when `colorBar` was asked. */
  colorBar?: PixelRect;
}

/** Pixels above the frame: the title. */
const TOP = 44;
/** Pixels left of the frame: y tick labels and the y axis label. */
const LEFT = 76;
/** Pixels below the frame: x tick labels and the x axis label. */
const BOTTOM = 64;
/** Pixels right of the frame when there is no colour bar. */
const RIGHT = 28;
/** The gap between the frame and the colour bar, and the bar's width. */
const BAR_GAP = 24;
const BAR_WIDTH = 22;
/** Pixels right of the colour bar: its tick labels and its vertical label. */
const BAR_RIGHT = 92;

/**
 * The layout of a square plot with room for a title, tick labels, axis labels and optionally a colour bar.
 *
 * @param plotSize - The frame's side in pixels (at least 16).
 * @param colorBar - Whether to leave room for a colour bar on the right.
 * @returns The picture's size and its parts' rectangles.
 * @example
 * ```ts
 * figureLayout(480, false); // { width: 584, height: 588, frame: { left: 76, top: 44, width: 480, height: 480 } }
 * ```
 */
export function figureLayout(plotSize: number, colorBar: boolean): FigureLayout {
  const frame = { left: LEFT, top: TOP, width: plotSize, height: plotSize };
  const height = TOP + plotSize + BOTTOM;
  if (!colorBar) return { width: LEFT + plotSize + RIGHT, height, frame };
  const bar = { left: LEFT + plotSize + BAR_GAP, top: TOP, width: BAR_WIDTH, height: plotSize };
  return { width: bar.left + BAR_WIDTH + BAR_RIGHT, height, frame, colorBar: bar };
}

/** A blank figure: its canvas and where its parts go. */
export interface Figure {
  /** The white canvas, its frame set from the layout. */
  canvas: Canvas;
  /** The layout it was made with. */
  layout: FigureLayout;
}

/**
 * A white canvas laid out by `figureLayout`, its frame showing `view`.
 *
 * @param view - The data rectangle the frame shows.
 * @param plotSize - The frame's side in pixels.
 * @param colorBar - Whether to leave room for a colour bar.
 * @returns The canvas and its layout.
 * @example
 * ```ts
 * const { canvas } = newFigure({ xMin: -2, xMax: 3, yMin: -2, yMax: 3 }, 480, false);
 * ```
 */
export function newFigure(view: Viewport, plotSize: number, colorBar: boolean): Figure {
  const layout = figureLayout(plotSize, colorBar);
  return { canvas: new Canvas(layout.width, layout.height, view, layout.frame), layout };
}
