/** An RGBA colour, components 0–255. */
export type Rgba = readonly [number, number, number, number];

/** The rectangle of data coordinates a canvas shows. */
export interface Viewport {
  /** Smallest x shown. */
  xMin: number;
  /** Largest x shown. */
  xMax: number;
  /** Smallest y shown. */
  yMin: number;
  /** Largest y shown. */
  yMax: number;
}

/** A rectangle of pixels: columns left … left + width − 1, rows top … top + height − 1. */
export interface PixelRect {
  /** First column. */
  left: number;
  /** First row. */
  top: number;
  /** Columns. */
  width: number;
  /** Rows. */
  height: number;
}

/**
 * A small raster canvas for 2-D plots: points, polylines and heat maps in data coordinates inside a frame (the plot
 * area; the whole canvas unless given), rectangles in pixels around it, written to PNG with `encodePng`.
 *
 * @example
 * ```ts
 * const canvas = new Canvas(512, 512, { xMin: -4, xMax: 4, yMin: -4, yMax: 4 });
 * canvas.points(samples, [31, 119, 180, 255]);
 * ```
 */
export class Canvas {
  /** The pixels, RGBA, row by row from the top. */
  readonly pixels: Uint8Array;

  /**
   * Creates a white canvas.
   *
   * @param width - Pixels across.
   * @param height - Pixels down.
   * @param view - The data rectangle shown.
   * @param frame - Where it is shown, in pixels (default: the whole canvas); data drawing is clipped to it.
   */
  constructor(
    readonly width: number,
    readonly height: number,
    readonly view: Viewport,
    readonly frame: PixelRect = { left: 0, top: 0, width, height },
  ) {
    this.pixels = new Uint8Array(width * height * 4).fill(255);
  }

  /**
   * Pixel coordinates of a data point.
   *
   * @param x - Data x.
   * @param y - Data y.
   * @returns Column and row (may be off the frame): the view's corners map to the frame's corner pixels.
   */
  toPixel(x: number, y: number): [number, number] {
    const { xMin, xMax, yMin, yMax } = this.view;
    const { left, top, width, height } = this.frame;
    return [left + ((x - xMin) / (xMax - xMin)) * (width - 1), top + ((yMax - y) / (yMax - yMin)) * (height - 1)];
  }

  /**
   * The data point at a pixel (the inverse of `toPixel`).
   *
   * @param px - Column.
   * @param py - Row.
   * @returns Data x and y.
   */
  toData(px: number, py: number): [number, number] {
    const { xMin, xMax, yMin, yMax } = this.view;
    const { left, top, width, height } = this.frame;
    return [xMin + ((px - left) / (width - 1)) * (xMax - xMin), yMax - ((py - top) / (height - 1)) * (yMax - yMin)];
  }

  /**
   * Alpha-blends a colour into one pixel (ignored off the canvas).
   *
   * @param px - Column.
   * @param py - Row.
   * @param color - The colour; its alpha is the blend weight.
   */
  blend(px: number, py: number, color: Rgba): void {
    const [cx, cy] = [Math.round(px), Math.round(py)];
    if (cx < 0 || cy < 0 || cx >= this.width || cy >= this.height) return;
    const i = 4 * (cy * this.width + cx);
    const a = color[3] / 255;
    for (let k = 0; k < 3; k += 1)
      this.pixels[i + k] = Math.round((1 - a) * (this.pixels[i + k] as number) + a * (color[k] as number));
  }

  /**
   * Blends a colour into every pixel of a rectangle (clipped to the canvas): backgrounds, axis lines, ticks.
   *
   * @param rect - The pixels.
   * @param color - The colour.
   */
  fillRect(rect: PixelRect, color: Rgba): void {
    for (let py = Math.round(rect.top); py < Math.round(rect.top + rect.height); py += 1) {
      for (let px = Math.round(rect.left); px < Math.round(rect.left + rect.width); px += 1) this.blend(px, py, color);
    }
  }

  /**
   * Draws a 1-pixel box just outside a rectangle (spines around a frame, a colour bar's edge).
   *
   * @param rect - The rectangle the box surrounds.
   * @param color - The line colour.
   */
  outline(rect: PixelRect, color: Rgba): void {
    const { left, top, width, height } = rect;
    this.fillRect({ left: left - 1, top: top - 1, width: width + 2, height: 1 }, color);
    this.fillRect({ left: left - 1, top: top + height, width: width + 2, height: 1 }, color);
    this.fillRect({ left: left - 1, top, width: 1, height }, color);
    this.fillRect({ left: left + width, top, width: 1, height }, color);
  }

  /** Blends a colour into one pixel if it lies inside the frame. */
  private blendInFrame(px: number, py: number, color: Rgba): void {
    const [cx, cy] = [Math.round(px), Math.round(py)];
    const { left, top, width, height } = this.frame;
    if (cx >= left && cy >= top && cx < left + width && cy < top + height) this.blend(cx, cy, color);
  }

  /**
   * Draws points as small discs.
   *
   * @param xy - Points as a flat [x0, y0, x1, y1, …] array.
   * @param color - Their colour (use a low alpha for dense clouds).
   * @param radius - Disc radius in pixels (default 1).
   */
  points(xy: ArrayLike<number>, color: Rgba, radius = 1): void {
    for (let i = 0; i + 1 < xy.length; i += 2) {
      const [px, py] = this.toPixel(xy[i] as number, xy[i + 1] as number);
      for (let dy = -radius; dy <= radius; dy += 1) {
        for (let dx = -radius; dx <= radius; dx += 1)
          if (dx * dx + dy * dy <= radius * radius) this.blendInFrame(px + dx, py + dy, color);
      }
    }
  }

  /**
   * Draws a polyline through data points.
   *
   * @param xy - Vertices as a flat [x0, y0, x1, y1, …] array.
   * @param color - Line colour.
   */
  polyline(xy: ArrayLike<number>, color: Rgba): void {
    for (let i = 0; i + 3 < xy.length; i += 2) {
      const [x0, y0] = this.toPixel(xy[i] as number, xy[i + 1] as number);
      const [x1, y1] = this.toPixel(xy[i + 2] as number, xy[i + 3] as number);
      const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
      for (let k = 0; k <= n; k += 1) this.blendInFrame(x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n, color);
    }
  }

  /**
   * Fills the frame with a heat map of values on a grid covering the viewport (row 0 at the top).
   *
   * @param values - gridSize × gridSize values, row-major, row 0 at yMax.
   * @param gridSize - Cells per side.
   * @param colorOf - Maps a value in [0, 1] to a colour.
   * @param range - The values mapped to 0 and 1, others clipped (default: the finite values' minimum and maximum);
   *   non-finite values get colour 0.
   */
  heatMap(
    values: ArrayLike<number>,
    gridSize: number,
    colorOf: (u: number) => Rgba,
    range: readonly [number, number] = finiteRange(values),
  ): void {
    const [lo, hi] = range;
    const colors = Array.from({ length: gridSize * gridSize }, (_, i) => {
      const v = values[i] as number;
      return colorOf(Number.isFinite(v) && hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0);
    });
    const { left, top, width, height } = this.frame;
    for (let py = 0; py < height; py += 1) {
      const gy = Math.min(gridSize - 1, Math.floor((py / height) * gridSize));
      for (let px = 0; px < width; px += 1) {
        const gx = Math.min(gridSize - 1, Math.floor((px / width) * gridSize));
        this.blend(left + px, top + py, colors[gy * gridSize + gx] as Rgba);
      }
    }
  }
}

/**
 * The smallest and largest finite values.
 *
 * @param values - Any numbers.
 * @returns [min, max], or [+∞, −∞] when none is finite.
 * @example
 * ```ts
 * finiteRange([2, Number.NaN, -1]); // [-1, 2]
 * ```
 */
export function finiteRange(values: ArrayLike<number>): [number, number] {
  let [lo, hi] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] as number;
    if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  return [lo, hi];
}

/**
 * A perceptually ordered colour map from dark purple through teal to yellow (after matplotlib's viridis anchors).
 *
 * @param u - A value in [0, 1].
 * @returns An opaque colour.
 * @example
 * ```ts
 * canvas.heatMap(density, 128, viridis);
 * ```
 */
export function viridis(u: number): Rgba {
  const anchors: Rgba[] = [
    [68, 1, 84, 255],
    [59, 82, 139, 255],
    [33, 145, 140, 255],
    [94, 201, 98, 255],
    [253, 231, 37, 255],
  ];
  const x = Math.min(1, Math.max(0, u)) * (anchors.length - 1);
  const i = Math.min(anchors.length - 2, Math.floor(x));
  const [a, b] = [anchors[i] as Rgba, anchors[i + 1] as Rgba];
  const f = x - i;
  return [0, 1, 2, 3].map((k) =>
    Math.round((a[k] as number) + f * ((b[k] as number) - (a[k] as number))),
  ) as unknown as Rgba;
}
