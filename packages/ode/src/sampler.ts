import type { Distribution, SolveStats, VectorField } from '@gen/core';
import type * as tf from '@tensorflow/tfjs';
import type { OdeOptions } from './options.js';

/**
 * One row of the sampler table: what a method is and how it is driven, for `sample`, the `gen sample --method`
 * flag and the demo's picker alike.
 *
 * @example
 * ```ts
 * const row: SamplerInfo = ODE_SAMPLERS.rk4;
 * row.adaptive;       // false: it takes `steps`
 * row.defaults.steps; // 20
 * ```
 */
export interface SamplerInfo {
  /** The name `sample`'s `options.method` takes, e.g. `'dopri5'` or `'ddim'`. */
  readonly name: string;
  /** What it is, in a few words (for pickers and help texts). */
  readonly description: string;
  /** True for ODE methods that choose their own steps from `rtol` / `atol`; false for those that take `steps`. */
  readonly adaptive: boolean;
  /** True when it draws noise along the way (its result depends on `seed` beyond the prior draw). */
  readonly stochastic: boolean;
  /**
   * True when it needs a diffusion model (a process and what the model predicts), not only a vector field: the
   * reverse-SDE and DDIM-like samplers. ODE methods sample both (a diffusion model through its probability flow).
   */
  readonly needsDiffusion: boolean;
  /** Its defaults: `steps` for fixed-step samplers, `rtol` and `atol` for adaptive ones. */
  readonly defaults: SamplerDefaults;
  /** The names of its own settings (`options.settings`), e.g. `['eta']` for DDIM; empty for ODE methods. */
  readonly settings: readonly string[];
}

/** The defaults of a sampler: `steps` for a fixed-step one, `rtol` and `atol` for an adaptive one. */
export interface SamplerDefaults {
  /** Steps over the whole time span (fixed-step samplers). */
  readonly steps?: number;
  /** Relative tolerance (adaptive methods). */
  readonly rtol?: number;
  /** Absolute tolerance (adaptive methods). */
  readonly atol?: number;
}

/** The result of `sample` and of every sampler. */
export interface SampleResult {
  /** The samples at the start of the time span, shaped like z, float32, owned by the caller. */
  x: tf.Tensor;
  /** `nfe`: model evaluations; `steps`, `accepted`, `rejected`: the steps taken. */
  stats: SolveStats;
}

/** What a sampler of a {@link SamplingProblem} receives: validated options with the defaults filled in. */
export interface SamplerRun {
  /** The interval [t0, t1]; sampling runs from t1 (prior) down to t0. */
  timeSpan: readonly [number, number];
  /** The number of steps (fixed-step samplers). */
  steps: number;
  /** The seed of the noise the sampler draws. */
  seed: number;
  /** Its own settings (names from {@link SamplerInfo.settings}), unchecked. */
  settings: Readonly<Record<string, unknown>>;
}

/** A sampler bound to one problem: its table row and how it runs. */
export interface Sampler extends SamplerInfo {
  /**
   * Samples from `z` at `timeSpan[1]` down to `timeSpan[0]`.
   *
   * @param z - The start, rank ≥ 2 float32; borrowed (not disposed).
   * @param run - The validated options.
   * @returns The samples and counters; the caller owns `x`.
   */
  sample(z: tf.Tensor, run: SamplerRun): Promise<SampleResult>;
}

/**
 * What `sample` can draw from besides a plain vector field: a field with its own time span and, for diffusion
 * models, samplers beyond the ODE methods (built by `diffusionProblem` of `@gen/sde`).
 *
 * @example
 * ```ts
 * const problem: SamplingProblem = { description: 'a flow', field, timeSpan: [0, 1], samplers: {} };
 * const { x } = await sample(problem, z, { method: 'rk4', steps: 50 });
 * ```
 */
export interface SamplingProblem {
  /** What it is, for messages (e.g. `'a VP-SDE noise-prediction model'`). */
  readonly description: string;
  /** The field every ODE method integrates (a diffusion model's probability flow). */
  readonly field: VectorField;
  /** The default [t0, t1]: sampling runs from t1 (prior) to t0 (data). */
  readonly timeSpan: readonly [number, number];
  /** The fixed-step samplers it offers beyond the ODE methods, by name (each receives `steps`, not tolerances). */
  readonly samplers: Readonly<Record<string, Sampler>>;
}

/** A vector field (a flow on [0, 1]) or a {@link SamplingProblem}. */
export type SamplingTarget = VectorField | SamplingProblem;

/** Options of `sample`. */
export interface SampleOptions
  extends Pick<OdeOptions, 'rtol' | 'atol' | 'maxSteps' | 'firstStep' | 'minStep' | 'maxStep' | 'controller'> {
  /** A name from the sampler table (default `'dopri5'`): an ODE method, or a diffusion problem's sampler. */
  method?: string;
  /** [t0, t1] (default the problem's, [0, 1] for a vector field); sampling runs from t1 down to t0. */
  timeSpan?: readonly [number, number];
  /**
   * Steps over the whole span, for fixed-step samplers only (default the method's, e.g. 20 for rk4, 50 for DDIM).
   * Adaptive methods take `rtol` / `atol` (and `maxSteps`, `firstStep`, `minStep`, `maxStep`, `controller`) instead.
   */
  steps?: number;
  /** Seed of the prior draw (when z is a count) and of a stochastic sampler's noise (default 0). */
  seed?: number;
  /** The prior z is drawn from when a count is given instead of z. */
  prior?: Distribution;
  /** The method's own settings (see {@link SamplerInfo.settings}), e.g. `{ eta: 1 }` for DDIM. */
  settings?: Readonly<Record<string, unknown>>;
}
