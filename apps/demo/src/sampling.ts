import type { WebglPrecisionSettings } from '@gen/backend-webgl';
import { type Distribution, StandardNormal } from '@gen/core';
import { type SampleOptions, type SamplingProblem, sample } from '@gen/ode';
import { type DiffusionProblem, getSampler, SAMPLERS } from '@gen/sde';
import { OBJECTIVES } from '@gen/train';
import type * as tf from '@tensorflow/tfjs';
import { clampTolerances } from './precision';
import type { SamplingSettings } from './settings';
import type { DemoState, TrainedModel } from './state';

/** One option of the Method select. */
export interface MethodChoice {
  /** The sampler table's name (what `sample`'s `method` and `gen sample --method` take). */
  readonly value: string;
  readonly label: string;
}

/**
 * The options of the Method select, read from `@gen/sde`'s sampler table `SAMPLERS`: for a flow the ODE methods
 * (the adaptive ones marked); for a diffusion model every row, the ODE methods integrating its probability flow,
 * then the diffusion samplers by their description.
 *
 * @param diffusion - Whether the model is a diffusion (noise-prediction) model.
 * @returns The options in the table's order.
 * @example
 * ```ts
 * methodChoices(false).map((c) => c.value); // ['euler', 'midpoint', 'heun', 'rk4', 'bosh3', …]
 * ```
 */
export function methodChoices(diffusion: boolean): MethodChoice[] {
  return Object.values(SAMPLERS)
    .filter((row) => diffusion || !row.needsDiffusion)
    .map(({ name, adaptive, needsDiffusion, description }) => {
      if (needsDiffusion) return { value: name, label: description };
      const notes = [adaptive ? 'adaptive' : '', diffusion ? 'probability flow' : ''].filter((n) => n !== '');
      return { value: name, label: notes.length === 0 ? name : `${name} (${notes.join(', ')})` };
    });
}

/**
 * The Method select's default: rk4 for flows, DPM-Solver++ for diffusion models.
 *
 * @param diffusion - Whether the model is a diffusion model.
 * @returns A name of the sampler table.
 * @example
 * ```ts
 * defaultMethod(true); // 'dpm-solver++'
 * ```
 */
export function defaultMethod(diffusion: boolean): string {
  return diffusion ? 'dpm-solver++' : 'rk4';
}

/** `sample`'s options for the selected method, and the note on raised tolerances. */
export interface SolveChoice {
  readonly options: Pick<SampleOptions, 'method' | 'steps' | 'rtol' | 'atol'>;
  readonly toleranceNote: string;
}

/**
 * The one rule of the sampler table applied to the form: a fixed-step method takes the Steps field; an adaptive
 * one the rtol and atol fields, raised to the backend's floor.
 *
 * @param settings - The sampling fields.
 * @param precision - The active backend's settings.
 * @returns The options and the note (empty for fixed-step methods and unraised tolerances).
 * @throws `InvalidArgumentError` naming `method` when it is no row of `SAMPLERS`.
 * @example
 * ```ts
 * solveChoice({ ...settings, method: 'rk4', steps: 20 }, precisionOf('cpu')).options; // { method: 'rk4', steps: 20 }
 * ```
 */
export function solveChoice(settings: SamplingSettings, precision: WebglPrecisionSettings): SolveChoice {
  const { method } = settings;
  if (!getSampler(method, 'method').adaptive) return { options: { method, steps: settings.steps }, toleranceNote: '' };
  const { rtol, atol, note } = clampTolerances(settings, precision);
  return { options: { method, rtol, atol }, toleranceNote: note };
}

/**
 * How a model is sampled: the problem its objective's registry entry makes of it (the model itself for flows, the
 * diffusion problem of `@gen/sde` for `dsm`).
 *
 * @param model - The model; borrowed.
 * @returns The problem for `sample`.
 * @example
 * ```ts
 * samplingProblem(model).timeSpan; // [0, 1] for flows, [1e-3, 1] for dsm
 * ```
 */
export function samplingProblem(model: TrainedModel): SamplingProblem {
  return OBJECTIVES[model.objective].samplingField(model.field);
}

/**
 * The prior of a problem in D dimensions: the diffusion process's for a diffusion problem, else N(0, I).
 *
 * @param problem - The problem.
 * @param dim - D.
 * @returns The distribution z is drawn from.
 * @example
 * ```ts
 * priorOf(samplingProblem(model), 2).sample(10, 0); // [10, 2]
 * ```
 */
export function priorOf(problem: SamplingProblem, dim: number): Distribution {
  const { process } = problem as Partial<DiffusionProblem>;
  return process?.prior(dim) ?? new StandardNormal(dim);
}

/**
 * Draws samples of the model with the selected method (`sample` of `@gen/ode` on its sampling problem).
 *
 * @param model - The model; borrowed.
 * @param dim - The data dimension.
 * @param settings - Method, steps or tolerances, count and seed.
 * @param precision - The active backend's settings (tolerance floors).
 * @returns The changes: the samples as arrays, the NFE, the seconds taken, the info line and the tolerance note.
 * @throws `InvalidArgumentError` for an unknown method; `NumericalError` when the solve fails.
 * @example
 * ```ts
 * const { samples, sampleNfe } = await drawSamples(model, 2, { ...settings, method: 'rk4', steps: 20 }, precision);
 * ```
 */
export async function drawSamples(
  model: TrainedModel,
  dim: number,
  settings: SamplingSettings,
  precision: WebglPrecisionSettings,
): Promise<Pick<DemoState, 'samples' | 'sampleNfe' | 'sampleSeconds' | 'sampleInfo' | 'toleranceNote' | 'status'>> {
  const { options, toleranceNote } = solveChoice(settings, precision);
  const problem = samplingProblem(model);
  const started = performance.now();
  const { x, stats } = await sample(problem, settings.samples, {
    ...options,
    seed: settings.seed,
    prior: priorOf(problem, dim),
  });
  let samples: number[][];
  try {
    samples = (await (x as tf.Tensor).array()) as number[][];
  } finally {
    x.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  const { samples: n, method } = settings;
  return {
    samples,
    sampleNfe: stats.nfe,
    sampleSeconds: seconds,
    sampleInfo: `${n} samples · NFE ${stats.nfe} · ${seconds.toFixed(2)} s`,
    toleranceNote,
    status: `Sampled ${n} points with ${method} (NFE ${stats.nfe}, ${seconds.toFixed(2)} s).`,
  };
}
