import { InvalidArgumentError, ShapeError } from '@gen/core';
import { requireMemory } from '@gen/core/internal';
import { AXIS_COLOR } from './axes.js';
import { Canvas, type PixelRect } from './canvas.js';
import { GLYPH_ROWS } from './font.js';
import { drawText, textWidth } from './text.js';
import { formatTick } from './ticks.js';

/** Options shared by {@link imageGridFigure} and {@link trajectoryFramesFigure}. */
export interface ImageFigureStyle {
  /** The shape of one image [H, W, C], C = 1 (grey), 3 (RGB) or 4 (RGBA, alpha ignored). */
  shape: readonly number[];
  /** Screen pixels per image pixel (default 2; an integer from 1 to 16). */
  scale?: number;
  /** White pixels between images (default 2; an integer from 0 to 64). */
  gap?: number;
  /** A title above the grid. */
  title?: string;
}

/** What {@link imageGridFigure} draws. */
export interface ImageGridFigureOptions extends ImageFigureStyle {
  /** The images, N·H·W·C values (NHWC, row-major, as `tensor.dataSync()` gives) in [−1, 1]. */
  images: ArrayLike<number>;
  /** Images per row (default ⌈√N⌉; with `rowLabels`, N / rows). */
  columns?: number;
  /** A label left of each row, e.g. the class names of a class-conditional grid with one row per class. */
  rowLabels?: readonly string[];
}

/** What {@link trajectoryFramesFigure} draws. */
export interface TrajectoryFramesFigureOptions extends ImageFigureStyle {
  /** The frames: for each time, the same N images, N·H·W·C values in [−1, 1]. */
  frames: readonly ArrayLike<number>[];
  /** The time of each frame (written above its column as `t = …`). */
  times: readonly number[];
}

/** A drawn grid of images. */
export interface ImageGrid {
  /** The picture (write it with `encodePng(canvas.pixels, canvas.width, canvas.height)`). */
  canvas: Canvas;
  /** Where each image was drawn, in the order of the images (row by row). */
  cells: readonly PixelRect[];
}

/** The largest side of a figure, in pixels (an 8192² canvas is 256 MiB of RGBA). */
const MAX_SIDE = 8192;
const PAD = 8;
const LABEL_SCALE = 2;

/**
 * Draws images in a grid, one cell per image: values in [−1, 1] are mapped to 0–255 (v ↦ round(255·(v + 1)/2),
 * clipped; NaN draws as 0), each image pixel a `scale`×`scale` block, with optional row labels and title.
 *
 * @remarks
 * For a class-conditional model, sample the same number of images per class in class order and pass the class
 * names as `rowLabels`: each row is then one class.
 *
 * @param options - The images, their shape, the columns, the labels and the style.
 * @returns The canvas and each image's rectangle.
 * @throws `ShapeError` naming `options.shape` (not [H, W, C] with C in {1, 3, 4}) or `options.images` (not a
 *   positive multiple of H·W·C, or not `rowLabels.length` rows); `InvalidArgumentError` naming `options.columns`,
 *   `options.scale`, `options.gap`, or `options.images` when the picture would exceed 8192 pixels a side.
 * @example
 * ```ts
 * const x = data.sample(64, 0); // [64, 28, 28, 1]
 * const { canvas } = imageGridFigure({ images: x.dataSync(), shape: [28, 28, 1], columns: 8 });
 * await writeFile('grid.png', encodePng(canvas.pixels, canvas.width, canvas.height));
 * ```
 */
export function imageGridFigure(options: ImageGridFigureOptions): ImageGrid {
  const [h, w, c] = checkShape(options.shape);
  const dim = h * w * c;
  const n = options.images.length / dim;
  if (!Number.isInteger(n) || n < 1) {
    throw new ShapeError('options.images', `N·${dim} values (N ≥ 1 images of shape [${h}, ${w}, ${c}])`, [
      options.images.length,
    ]);
  }
  const { rowLabels } = options;
  if (rowLabels !== undefined && (rowLabels.length < 1 || n % rowLabels.length !== 0)) {
    throw new ShapeError('options.images', `${rowLabels.length} full rows (one per row label)`, [n]);
  }
  const columns = options.columns ?? (rowLabels === undefined ? Math.ceil(Math.sqrt(n)) : n / rowLabels.length);
  if (!Number.isInteger(columns) || columns < 1) {
    throw new InvalidArgumentError('options.columns', 'a positive integer', columns);
  }
  const rows = Math.ceil(n / columns);
  if (rowLabels !== undefined && (rowLabels.length !== rows || n !== rows * columns)) {
    throw new ShapeError('options.images', `${rowLabels.length} full rows of ${columns} (one per row label)`, [n]);
  }
  return drawGrid(
    options,
    n,
    columns,
    rowLabels,
    undefined,
    () => options.images,
    (k) => k * dim,
  );
}

/**
 * Draws the trajectories of a few images as frames: one row per image, one column per time, each column headed
 * `t = …`; values mapped as in {@link imageGridFigure}.
 *
 * @param options - The frames, their times, the image shape and the style.
 * @returns The canvas and each image's rectangle (image i at time j is cell i·T + j).
 * @throws `ShapeError` naming `options.frames` (none, unequal lengths, not a multiple of H·W·C) or `options.times`
 *   (not one per frame); as {@link imageGridFigure} for the shape and style.
 * @example
 * ```ts
 * const frames = path.map((x) => x.dataSync()); // 6 times, 4 images [4, 28, 28, 1] each
 * const { canvas } = trajectoryFramesFigure({ frames, times: [1, 0.8, 0.6, 0.4, 0.2, 0], shape: [28, 28, 1] });
 * ```
 */
export function trajectoryFramesFigure(options: TrajectoryFramesFigureOptions): ImageGrid {
  const [h, w, c] = checkShape(options.shape);
  const dim = h * w * c;
  const { frames, times } = options;
  const length = frames[0]?.length ?? 0;
  const n = length / dim;
  if (!Number.isInteger(n) || n < 1 || frames.some((f) => f.length !== length)) {
    throw new ShapeError('options.frames', `T ≥ 1 frames of N·${dim} values each`, [frames.length, length]);
  }
  if (times.length !== frames.length) {
    throw new ShapeError('options.times', `[${frames.length}] (one time per frame)`, [times.length]);
  }
  const labels = times.map((t) => `t = ${formatTick(t, 0.01)}`);
  const t = frames.length;
  return drawGrid(
    options,
    n * t,
    t,
    undefined,
    labels,
    (k) => frames[k % t] as ArrayLike<number>,
    (k) => Math.floor(k / t) * dim,
  );
}

/** Lays out and draws `count` cells, `columns` a row; cell k shows the image at `offsetOf(k)` in `valuesOf(k)`. */
function drawGrid(
  style: ImageFigureStyle,
  count: number,
  columns: number,
  rowLabels: readonly string[] | undefined,
  columnLabels: readonly string[] | undefined,
  valuesOf: (k: number) => ArrayLike<number>,
  offsetOf: (k: number) => number,
): ImageGrid {
  const [h, w, c] = style.shape as [number, number, number];
  const rows = Math.ceil(count / columns);
  const scale = style.scale ?? 2;
  const gap = style.gap ?? 2;
  if (!Number.isInteger(scale) || scale < 1 || scale > 16) {
    throw new InvalidArgumentError('options.scale', 'an integer from 1 to 16', scale);
  }
  if (!Number.isInteger(gap) || gap < 0 || gap > 64) {
    throw new InvalidArgumentError('options.gap', 'an integer from 0 to 64', gap);
  }
  const [cellW, cellH] = [w * scale, h * scale];
  const labelHeight = GLYPH_ROWS * LABEL_SCALE;
  const columnScale = (columnLabels ?? []).every((l) => textWidth(l, LABEL_SCALE) <= cellW + gap) ? LABEL_SCALE : 1;
  const left =
    PAD + (rowLabels === undefined ? 0 : Math.max(0, ...rowLabels.map((l) => textWidth(l, LABEL_SCALE))) + PAD);
  const top =
    PAD +
    (style.title === undefined ? 0 : labelHeight + PAD) +
    (columnLabels === undefined ? 0 : GLYPH_ROWS * columnScale + PAD / 2);
  const width = left + columns * cellW + (columns - 1) * gap + PAD;
  const height = top + rows * cellH + (rows - 1) * gap + PAD;
  if (width > MAX_SIDE || height > MAX_SIDE) {
    throw new InvalidArgumentError(
      'options.images',
      `a picture of at most ${MAX_SIDE} pixels a side`,
      `${width}×${height} pixels (${rows} rows, ${columns} columns)`,
      'Draw fewer images, or a smaller scale.',
    );
  }
  requireMemory('options.images', `${width}×${height}`, width * height * 4, 'image grid canvas (RGBA)');
  const canvas = new Canvas(width, height, { xMin: 0, xMax: 1, yMin: 0, yMax: 1 });
  const cells: PixelRect[] = [];
  for (let k = 0; k < count; k += 1) {
    const [row, column] = [Math.floor(k / columns), k % columns];
    const cell = { left: left + column * (cellW + gap), top: top + row * (cellH + gap), width: cellW, height: cellH };
    const values = valuesOf(k);
    const offset = offsetOf(k);
    cells.push(cell);
    for (let y = 0; y < cellH; y += 1) {
      for (let x = 0; x < cellW; x += 1) {
        const at = offset + (Math.floor(y / scale) * w + Math.floor(x / scale)) * c;
        const i = 4 * ((cell.top + y) * width + cell.left + x);
        for (let j = 0; j < 3; j += 1) canvas.pixels[i + j] = toByte(values[at + (c === 1 ? 0 : j)] as number);
      }
    }
  }
  const text = { color: AXIS_COLOR, scale: LABEL_SCALE };
  if (style.title !== undefined) drawText(canvas, style.title, width / 2, PAD, { ...text, align: 'center' });
  for (const [row, label] of (rowLabels ?? []).entries()) {
    const middle = top + row * (cellH + gap) + cellH / 2;
    drawText(canvas, label, left - PAD, middle, { ...text, align: 'right', baseline: 'middle' });
  }
  for (const [column, label] of (columnLabels ?? []).entries()) {
    const centre = left + column * (cellW + gap) + cellW / 2;
    const y = top - PAD / 2 - GLYPH_ROWS * columnScale;
    drawText(canvas, label, centre, y, { ...text, scale: columnScale, align: 'center' });
  }
  return { canvas, cells };
}

/** A value in [−1, 1] as a byte: round(255·(v + 1)/2), clipped to [0, 255]; NaN → 0. */
function toByte(value: number): number {
  const byte = Math.round((255 * (value + 1)) / 2);
  return Number.isNaN(byte) ? 0 : Math.min(255, Math.max(0, byte));
}

/** [H, W, C] with positive sizes and C in {1, 3, 4}. */
function checkShape(shape: readonly number[]): [number, number, number] {
  if (
    !Array.isArray(shape) ||
    shape.length !== 3 ||
    !shape.every((s) => Number.isSafeInteger(s) && s >= 1) ||
    ![1, 3, 4].includes(shape[2] as number)
  ) {
    throw new ShapeError('options.shape', '[H, W, C] with H, W ≥ 1 and C = 1, 3 or 4', shape ?? []);
  }
  return shape as [number, number, number];
}
