import type { VectorField } from '@gen/core';
import type { SamplingProblem } from '@gen/ode';
import { diffusionProblem, VPSDE } from '@gen/sde';
import { conditionalFlowMatching, rectifiedFlow } from './conditional-flow-matching.js';
import { denoisingScoreMatching } from './denoising-score-matching.js';
import { maximumLikelihood } from './maximum-likelihood.js';
import type { Objective } from './objective.js';
import { otConditionalFlowMatching } from './ot-conditional-flow-matching.js';
import { schrodingerBridgeFlowMatching } from './schrodinger-bridge.js';

/**
 * The smallest time of diffusion (`dsm`) models, where their training and sampling stop: the VP-SDE score
 * −ε/σ_t is singular at t = 0.
 */
export const DIFFUSION_T_END = 1e-3;

/** The names of the objectives of {@link OBJECTIVES}: what `gen train --objective` accepts and the demo offers. */
export const OBJECTIVE_NAMES = ['ot-cfm', 'cfm', 'sb-cfm', 'rectified-flow', 'likelihood', 'dsm'] as const;

/** One of {@link OBJECTIVE_NAMES}. */
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];

/** How one named objective is trained and how a model trained with it is sampled. */
export interface ObjectiveSpec {
  /** What it is, in a few words (for pickers and help texts). */
  readonly description: string;
  /**
   * What the model learns: `velocity`, a flow's velocity field on [0, 1]; `noise`, the noise ε of the VP-SDE
   * (an ε-prediction model), on [{@link DIFFUSION_T_END}, 1].
   */
  readonly prediction: 'velocity' | 'noise';
  /**
   * A new objective with the settings gen uses for this name.
   *
   * @returns The objective.
   */
  create(): Objective;
  /**
   * How `sample` of `@gen/ode` samples a model trained with this objective, and the field and time span its
   * density is computed on. Nothing is allocated: the field calls `model` when it is evaluated.
   *
   * @param model - The trained model (borrowed; the caller keeps owning it).
   * @returns The problem: its `field` (the model, or a diffusion model's probability flow), its `timeSpan`, and for
   *   `dsm` the diffusion samplers (reverse-sde, pc, ddim, dpm-solver++).
   */
  samplingField(model: VectorField): SamplingProblem;
}

/** The problem of a velocity model: the model itself, on [0, 1], sampled by the ODE methods. */
function flowField(model: VectorField): SamplingProblem {
  return { description: 'a flow model', field: model, timeSpan: [0, 1], samplers: {} };
}

/** A flow objective's entry. */
function flow(description: string, create: () => Objective): ObjectiveSpec {
  return { description, prediction: 'velocity', create, samplingField: flowField };
}

/**
 * The objectives of gen, by name: the one table that the `gen` CLI (`--objective`, and sampling, evaluating and
 * plotting a run) and the browser demo (its Objective picker) read.
 *
 * @remarks
 * - `ot-cfm`, `cfm`, `sb-cfm` (σ = 1), `rectified-flow`: flow matching; the model is a velocity field.
 * - `likelihood`: maximum likelihood through the continuous change of variables, with 8 fixed rk4 steps (an
 *   adaptive solver would read its error norm back inside every gradient tape).
 * - `dsm`: VP-SDE denoising score matching on [{@link DIFFUSION_T_END}, 1]; the model predicts ε and is sampled
 *   by any sampler of `@gen/sde`'s `SAMPLERS`: the ODE methods on its probability flow
 *   dx/dt = f(t)x − ½g(t)²·score with score = −ε/σ_t, or the diffusion samplers (`diffusionProblem`).
 * @example
 * ```ts
 * const spec = OBJECTIVES['ot-cfm'];
 * const objective = spec.create();
 * ```
 */
export const OBJECTIVES: Readonly<Record<ObjectiveName, ObjectiveSpec>> = {
  'ot-cfm': flow('flow matching with minibatch optimal-transport pairs', () => otConditionalFlowMatching()),
  cfm: flow('conditional flow matching (independent pairs)', () => conditionalFlowMatching()),
  'sb-cfm': flow('Schrödinger-bridge flow matching (σ = 1)', () => schrodingerBridgeFlowMatching({ sigma: 1 })),
  'rectified-flow': flow('rectified flow (straight paths)', () => rectifiedFlow()),
  likelihood: flow('maximum likelihood (slow)', () => maximumLikelihood({ method: 'rk4', steps: 8 })),
  dsm: {
    description: 'VP-SDE denoising score matching (ε-prediction)',
    prediction: 'noise',
    create: () => denoisingScoreMatching({ process: new VPSDE(), tEnd: DIFFUSION_T_END }),
    samplingField: (model) => diffusionProblem(new VPSDE(), model, { prediction: 'noise', tEnd: DIFFUSION_T_END }),
  },
};

/**
 * Whether a value is one of {@link OBJECTIVE_NAMES}.
 *
 * @param name - Any value.
 * @returns True for an objective name.
 * @example
 * ```ts
 * isObjectiveName('dsm'); // true
 * ```
 */
export function isObjectiveName(name: unknown): name is ObjectiveName {
  return (OBJECTIVE_NAMES as readonly unknown[]).includes(name);
}
