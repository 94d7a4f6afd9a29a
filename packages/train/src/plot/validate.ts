import { InvalidArgumentError, ShapeError } from '@gen/core';
import type { Viewport } from './canvas.js';

/** Largest frame side a figure accepts, in pixels (a 4096² canvas is 64 MiB of RGBA). */
const MAX_PLOT_SIZE = 4096;

/** Checks a figure's view (finite, min < max on both axes) and frame size (an integer in [16, 4096]). */
export function assertFigure(view: Viewport, plotSize: number): void {
  const { xMin, xMax, yMin, yMax } = view ?? {};
  if (![xMin, xMax, yMin, yMax].every(Number.isFinite) || !(xMin < xMax) || !(yMin < yMax))
    throw new InvalidArgumentError(
      'options.view',
      'finite xMin < xMax and yMin < yMax',
      `{ xMin: ${xMin}, xMax: ${xMax}, yMin: ${yMin}, yMax: ${yMax} }`,
    );
  if (!Number.isInteger(plotSize) || plotSize < 16 || plotSize > MAX_PLOT_SIZE)
    throw new InvalidArgumentError('options.plotSize', `an integer from 16 to ${MAX_PLOT_SIZE}`, plotSize);
}

/** Checks that flat points come in (x, y) pairs. */
export function assertPoints(name: string, xy: ArrayLike<number>): void {
  if (xy.length % 2 !== 0) throw new ShapeError(name, '[2N] (flat x, y pairs)', [xy.length]);
}

/** Checks a positive integer count. */
export function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(name, 'a positive integer', value);
}
