import { InvalidArgumentError } from '@gen/core';
import { formatBytes } from '@gen/core/internal';
import { parameterCount } from '../models/config.js';

/** Most points `gen sample` and `gen plot` draw in one run (`-n`). */
export const MAX_POINTS = 10_000_000;
/** Most held-out points `gen eval` scores (`-n`): MMD² and the energy distance take time in n². */
export const MAX_EVAL_POINTS = 20_000;
/** Most cells per side of `gen plot`'s density grid (`--grid`). */
export const MAX_GRID = 1024;
/** Largest training batch (`--batch`). */
export const MAX_BATCH = 65_536;
/** Largest batch of the objectives that pair a batch by optimal transport (an n × n cost matrix per update). */
export const MAX_OT_BATCH = 4096;
/** Most model parameters `gen train` creates (`--hidden`). */
export const MAX_PARAMETERS = 50_000_000;

/** Copies of the n × D state an adaptive solve holds at once (dopri5: 7 stages, the states, the error estimate). */
const SOLVER_COPIES = 10;
/** Float32 copies per parameter while training: weights, gradients, Adam's two moments, the EMA. */
const TRAINING_COPIES = 5;

/**
 * What drawing `n` points of a 2-D model would hold in memory, for the error of a too-large `-n`.
 *
 * @param n - The requested count.
 * @returns A sentence stating the memory.
 * @example
 * ```ts
 * pointsCost(1e12); // "1000000000000 points need about 74.5 TiB (…)"
 * ```
 */
export function pointsCost(n: number): string {
  return (
    `${n} points need about ${formatBytes(n * 2 * 4 * SOLVER_COPIES)} for a 2-D model (the solver holds about ` +
    `${SOLVER_COPIES} float32 copies of the n × D state); draw at most ${MAX_POINTS} per run and vary --seed.`
  );
}

/**
 * What scoring `n` held-out points would cost, for the error of a too-large `gen eval -n`.
 *
 * @param n - The requested count.
 * @returns A sentence stating the work (the metrics run in row blocks, so time, not memory, grows as n²).
 * @example
 * ```ts
 * evalPointsCost(1e6); // "MMD² and the energy distance compare all 4000000000000 pairs of the 2n points …"
 * ```
 */
export function evalPointsCost(n: number): string {
  return (
    `MMD² and the energy distance compare all ${4 * n * n} pairs of the 2n points (n = 20000 takes about ` +
    `5 CPU-minutes on wasm); score several seeds of at most ${MAX_EVAL_POINTS} instead.`
  );
}

/**
 * What a `grid × grid` density picture would hold in memory, for the error of a too-large `--grid`.
 *
 * @param grid - The requested cells per side.
 * @returns A sentence stating the memory.
 * @example
 * ```ts
 * gridCost(100_000); // "a 100000 × 100000 grid is 10000000000 cells; its density solve needs about 745.1 GiB."
 * ```
 */
export function gridCost(grid: number): string {
  return `a ${grid} × ${grid} grid is ${grid * grid} cells; its density solve needs about ${formatBytes(grid * grid * 3 * 4 * SOLVER_COPIES)}.`;
}

/**
 * What a training batch would hold in memory, for the error of a too-large `--batch`.
 *
 * @param batch - The requested batch size.
 * @returns A sentence stating the memory.
 * @example
 * ```ts
 * batchCost(1e6); // "…"
 * ```
 */
export function batchCost(batch: number): string {
  return `a batch of ${batch} with 256-wide layers holds about ${formatBytes(batch * 256 * 4 * 12)} of activations per update.`;
}

/**
 * Checks a batch against the objective: objectives that pair the batch by optimal transport build a batch × batch
 * cost matrix every update.
 *
 * @param batch - The batch size.
 * @param objective - The objective's CLI name.
 * @throws `InvalidArgumentError` naming `--batch` and the matrix's memory when it is above {@link MAX_OT_BATCH}.
 * @example
 * ```ts
 * checkOtBatch(256, 'ot-cfm'); // fine
 * ```
 */
export function checkOtBatch(batch: number, objective: string): void {
  if ((objective === 'ot-cfm' || objective === 'sb-cfm') && batch > MAX_OT_BATCH) {
    throw new InvalidArgumentError(
      '--batch',
      `an integer 1…${MAX_OT_BATCH} with --objective ${objective}`,
      batch,
      `Its minibatch optimal-transport pairing builds a ${batch} × ${batch} cost matrix every update ` +
        `(${formatBytes(batch * batch * 8)} in float64) and takes O(batch³) time.`,
    );
  }
}

/**
 * Checks the size of the MLP that `gen train` would create (time concatenated to the input, one bias per unit).
 *
 * @param dim - The data dimension D.
 * @param hidden - The hidden widths.
 * @returns The number of parameters.
 * @throws `InvalidArgumentError` naming `--hidden` with the parameter count and the memory training needs when it
 *   is above {@link MAX_PARAMETERS}.
 * @example
 * ```ts
 * checkModelSize(2, [256, 256, 256]); // 133378
 * ```
 */
export function checkModelSize(dim: number, hidden: readonly number[]): number {
  const parameters = parameterCount({ dim, hidden, timeEmbedding: 'concat', fourierFeatures: 0 });
  if (parameters > MAX_PARAMETERS) {
    throw new InvalidArgumentError(
      '--hidden',
      `layer widths giving at most ${MAX_PARAMETERS} parameters`,
      hidden.length <= 8 ? hidden : `${hidden.length} layers`,
      `They give ${parameters} parameters for D = ${dim}; training holds ${TRAINING_COPIES} float32 copies ` +
        `(weights, gradients, Adam's moments, EMA): ${formatBytes(parameters * 4 * TRAINING_COPIES)}.`,
    );
  }
  return parameters;
}
