import type { WebglPrecisionSettings } from '@gen/backend-webgl';
import { logProb, odeSolveOptions } from '@gen/ode';

import * as tf from '@tensorflow/tfjs';
import { isDiffusion } from './model';
import { solveChoice } from './sampling';
import type { SamplingSettings } from './settings';
import type { Bounds, DemoState, TrainedModel } from './state';

/** Cells per axis of the density heat map. */
export const GRID = 48;

/**
 * The centres of the GRID × GRID cells over `bounds`, row by row from the top (row 0 at y1), as [x, y] pairs
 * flattened: cell k = i·GRID + j is at (x0 + (j + ½)·Δx, y1 − (i + ½)·Δy).
 *
 * @param bounds - The view.
 * @returns 2·GRID² numbers.
 * @example
 * ```ts
 * gridCentres({ x0: 0, x1: 48, y0: 0, y1: 48 }).slice(0, 2); // [0.5, 47.5]
 * ```
 */
export function gridCentres(bounds: Bounds): number[] {
  const grid: number[] = [];
  for (let i = 0; i < GRID; i += 1) {
    for (let j = 0; j < GRID; j += 1) {
      grid.push(
        bounds.x0 + ((j + 0.5) / GRID) * (bounds.x1 - bounds.x0),
        bounds.y1 - ((i + 0.5) / GRID) * (bounds.y1 - bounds.y0),
      );
    }
  }
  return grid;
}

/**
 * The model's log-density on the GRID × GRID cell centres of the view (`logProb` of `@gen/ode`, exact divergence),
 * solved with the selected ODE method and the one fixed-step/adaptive rule of `sample`.
 *
 * @param model - A flow model on 2-D data; borrowed.
 * @param dim - The data dimension (must be 2).
 * @param bounds - The view.
 * @param settings - Method, steps or tolerances.
 * @param precision - The active backend's settings (tolerance floors).
 * @returns The changes: log p per cell (row 0 at the top), the info line, the tolerance note and the status.
 * @throws `Error` for a diffusion model or data that are not 2-D; `InvalidArgumentError` naming `method` for no
 *   ODE method; `NumericalError` when the solve fails.
 * @example
 * ```ts
 * const { density } = await densityGrid(model, 2, bounds, { ...settings, method: 'euler', steps: 10 }, precision);
 * ```
 */
export async function densityGrid(
  model: TrainedModel,
  dim: number,
  bounds: Bounds,
  settings: SamplingSettings,
  precision: WebglPrecisionSettings,
): Promise<Pick<DemoState, 'density' | 'sampleInfo' | 'toleranceNote' | 'status'>> {
  if (dim !== 2) throw new Error('The density heat map needs 2-D data.');
  if (isDiffusion(model.objective)) throw new Error('The density heat map is for flow objectives (all but dsm).');
  const { options, toleranceNote } = solveChoice(settings, precision);
  const solver = odeSolveOptions(options, [0, 1]);
  const x = tf.tensor2d(gridCentres(bounds), [GRID * GRID, 2], 'float32');
  const started = performance.now();
  try {
    const { logp, z, stats } = await logProb(model.field, x, { divergence: 'exact', ...solver });
    let density: number[];
    try {
      density = Array.from(await logp.data());
    } finally {
      tf.dispose([logp, z]);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      density,
      sampleInfo: `density ${GRID}×${GRID} · NFE ${stats.nfe} · ${seconds.toFixed(2)} s`,
      toleranceNote,
      status: `Density on a ${GRID}×${GRID} grid (NFE ${stats.nfe}, ${seconds.toFixed(2)} s).`,
    };
  } finally {
    x.dispose();
  }
}
