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

/**
 * A small raster canvas in data coordinates for 2-D plots: points, polylines and heat maps, written to PNG with
 * `encodePng`.
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
   */
  constructor(
    readonly width: number,
    readonly height: number,
    readonly view: Viewport,
  ) {
    this.pixels = new Uint8Array(width * height * 4).fill(255);
  }

  /**
   * Pixel coordinates of a data point.
   *
   * @param x - Data x.
   * @param y - Data y.
   * @returns Column and row (may be off the canvas).
   */
  toPixel(x: number, y: number): [number, number] {
    const { xMin, xMax, yMin, yMax } = this.view;
    return [((x - xMin) / (xMax - xMin)) * (this.width - 1), ((yMax - y) / (yMax - yMin)) * (this.height - 1)];
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
          if (dx * dx + dy * dy <= radius * radius) this.blend(px + dx, py + dy, color);
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
      for (let k = 0; k <= n; k += 1) this.blend(x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n, color);
    }
  }

  /**
   * Fills the canvas with a heat map of values on a grid covering the viewport (row 0 at the top).
   *
   * @param values - gridSize × gridSize values, row-major, row 0 at yMax.
   * @param gridSize - Cells per side.
   * @param colorOf - Maps a value in [0, 1] (after min–max scaling) to a colour.
   */
  heatMap(values: ArrayLike<number>, gridSize: number, colorOf: (u: number) => Rgba): void {
    let [lo, hi] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (let i = 0; i < values.length; i += 1) {
      const v = values[i] as number;
      if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    }
    for (let py = 0; py < this.height; py += 1) {
      for (let px = 0; px < this.width; px += 1) {
        const gx = Math.min(gridSize - 1, Math.floor((px / this.width) * gridSize));
        const gy = Math.min(gridSize - 1, Math.floor((py / this.height) * gridSize));
        const v = values[gy * gridSize + gx] as number;
        this.blend(px, py, colorOf(Number.isFinite(v) && hi > lo ? (v - lo) / (hi - lo) : 0));
      }
    }
  }
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
