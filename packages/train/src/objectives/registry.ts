import type { VectorField } from '@gen/core';
import { ModelAdapter, VPSDE } from '@gen/sde';
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

/** The vector field that samples a trained model (1 → start) and computes its density (start → 1), and its span. */
export interface SamplingField {
  /** The flow's field: the model itself, or a diffusion model's probability-flow field. */
  field: VectorField;
  /** The interval `[start, 1]` the flow lives on. */
  timeSpan: [number, number];
}

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
   * The field that samples and evaluates a model trained with this objective. Nothing is allocated: the field
   * calls `model` when it is evaluated.
   *
   * @param model - The trained model (borrowed; the caller keeps owning it).
   * @returns The sampling field and its time span.
   */
  samplingField(model: VectorField): SamplingField;
}

/** The field of a velocity model: the model itself, on [0, 1]. */
function flowField(model: VectorField): SamplingField {
  return { field: model, timeSpan: [0, 1] };
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
 *   through the probability-flow ODE dx/dt = f(t)x − ½g(t)²·score with score = −ε/σ_t.
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
    samplingField(model) {
      const process = new VPSDE();
      const score = new ModelAdapter(process, model, 'noise').score();
      return { field: process.probabilityFlow(score), timeSpan: [DIFFUSION_T_END, 1] };
    },
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
