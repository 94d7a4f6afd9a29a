import type { SampleResult, SamplerInfo, SamplerRun } from '@gen/ode';
import type * as tf from '@tensorflow/tfjs';
import type { DiffusionProblem } from './diffusion-problem.js';

/**
 * A row of the sampler table that needs a diffusion model: its description, defaults and settings, and how it
 * samples a {@link DiffusionProblem}. `diffusionProblem` binds every one to its problem, so `sample` of
 * `@gen/ode` runs it by name.
 *
 * @example
 * ```ts
 * SAMPLERS.ddim.defaults.steps; // 50
 * ```
 */
export interface DiffusionSampler extends SamplerInfo {
  /**
   * Samples the problem from z at `run.timeSpan[1]` down to `run.timeSpan[0]`.
   *
   * @param problem - The diffusion model.
   * @param z - The start, rank ≥ 2 float32; borrowed (not disposed).
   * @param run - The validated shared options (steps, seed, span) and the unchecked settings.
   * @returns The samples shaped like z (owned by the caller) and the counters.
   */
  sample(problem: DiffusionProblem, z: tf.Tensor, run: SamplerRun): Promise<SampleResult>;
}
