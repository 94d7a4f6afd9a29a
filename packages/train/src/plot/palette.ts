import type { Rgba } from './canvas.js';

/** Data points: grey, see-through so dense regions read darker. */
export const DATA_COLOR: Rgba = [150, 150, 150, 120];

/** Model samples and trajectory end points: matplotlib's tab:blue. */
export const SAMPLE_COLOR: Rgba = [31, 119, 180, 160];

/** Trajectory paths: matplotlib's tab:red. */
export const PATH_COLOR: Rgba = [214, 39, 40, 110];

/**
 * The same colour, opaque (for legend swatches, which show the hue).
 *
 * @param color - Any colour.
 * @returns It with alpha 255.
 * @example
 * ```ts
 * opaque(SAMPLE_COLOR); // [31, 119, 180, 255]
 * ```
 */
export function opaque(color: Rgba): Rgba {
  return [color[0], color[1], color[2], 255];
}
