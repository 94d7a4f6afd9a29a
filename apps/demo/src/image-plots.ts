import { type Canvas, imageGridFigure, trajectoryFramesFigure } from '@gen/train';
import { MNIST_SHAPE } from './image-model';
import type { ImageGridSamples, ImageTrajectory } from './state';

/** Screen pixels per image pixel in the grid and the trajectory strip. */
const SCALE = 2;

/**
 * Draws the sample grid with `imageGridFigure` of `@gen/train` (one row per class, labelled with its digit; or the
 * chosen digit in every row); the line under the sampling buttons says how it was drawn and scored. The canvas takes
 * the figure's size.
 *
 * @param canvas - The grid's canvas.
 * @param grid - The samples.
 * @example
 * ```ts
 * drawImageGrid(ui.imageGrid, state.images.grid);
 * ```
 */
export function drawImageGrid(canvas: HTMLCanvasElement, grid: ImageGridSamples): void {
  const rowLabels = Array.from({ length: grid.labels.length / grid.columns }, (_, r) =>
    String(grid.labels[r * grid.columns]),
  );
  const figure = imageGridFigure({ images: grid.pixels, shape: MNIST_SHAPE, rowLabels, scale: SCALE });
  paint(canvas, figure.canvas);
}

/**
 * Draws the trajectory strip with `trajectoryFramesFigure` of `@gen/train`: one row per image, one column per frame
 * time (headed `t = …`), from noise (t = 1) to digit (t = 0).
 *
 * @param canvas - The strip's canvas.
 * @param trajectory - The frames.
 * @example
 * ```ts
 * drawImageTrajectory(ui.imageTrajectory, state.images.trajectory);
 * ```
 */
export function drawImageTrajectory(canvas: HTMLCanvasElement, trajectory: ImageTrajectory): void {
  const { frames, times } = trajectory;
  paint(canvas, trajectoryFramesFigure({ frames, times, shape: MNIST_SHAPE, scale: SCALE }).canvas);
}

/** Copies a figure's RGBA pixels onto the page's canvas, resized to it. */
function paint(canvas: HTMLCanvasElement, figure: Canvas): void {
  if (canvas.width !== figure.width) canvas.width = figure.width;
  if (canvas.height !== figure.height) canvas.height = figure.height;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const rgba = new Uint8ClampedArray(figure.pixels);
  ctx.putImageData(new ImageData(rgba, figure.width, figure.height), 0, 0);
}
