import { InvalidArgumentError, type VectorField } from '@gen/core';
import { ModelAdapter, VPSDE } from '@gen/sde';
import {
  conditionalFlowMatching,
  denoisingScoreMatching,
  maximumLikelihood,
  type Objective,
  otConditionalFlowMatching,
  rectifiedFlow,
  schrodingerBridgeFlowMatching,
} from '../objectives/index.js';

/** The objectives `gen train --objective` accepts. */
export const CLI_OBJECTIVES = ['ot-cfm', 'cfm', 'sb-cfm', 'rectified-flow', 'likelihood', 'dsm'] as const;

/** One of {@link CLI_OBJECTIVES}. */
export type CliObjective = (typeof CLI_OBJECTIVES)[number];

/** Smallest time of diffusion (`dsm`) models: their score is singular at t = 0. */
const DIFFUSION_T_END = 1e-3;

/**
 * The objective behind a CLI name: flow matching variants, maximum likelihood, or VP-SDE denoising score matching.
 *
 * @param name - The `--objective` value.
 * @returns The objective.
 * @throws `InvalidArgumentError` naming `--objective` and listing the valid ones.
 * @example
 * ```ts
 * const objective = cliObjective('ot-cfm');
 * ```
 */
export function cliObjective(name: string): Objective {
  switch (name) {
    case 'cfm':
      return conditionalFlowMatching();
    case 'ot-cfm':
      return otConditionalFlowMatching();
    case 'sb-cfm':
      return schrodingerBridgeFlowMatching({ sigma: 1 });
    case 'rectified-flow':
      return rectifiedFlow();
    case 'likelihood':
      return maximumLikelihood({ method: 'rk4', steps: 8 });
    case 'dsm':
      return denoisingScoreMatching({ process: new VPSDE(), tEnd: DIFFUSION_T_END });
    default:
      throw new InvalidArgumentError('--objective', `one of ${CLI_OBJECTIVES.map((n) => `"${n}"`).join(', ')}`, name);
  }
}

/** The vector field that samples a trained model (1 → 0) and computes its density (0 → 1), and its time span. */
export interface SamplingField {
  /** The flow's field: the model itself, or a diffusion model's probability-flow field. */
  field: VectorField;
  /** The interval the flow lives on. */
  timeSpan: [number, number];
}

/**
 * How a model trained with a CLI objective is sampled: flow-matching and likelihood models are velocity fields on
 * [0, 1]; a `dsm` model predicts the noise ε of the VP-SDE and is sampled through its probability-flow ODE
 * dx/dt = f(t)x − ½g(t)²·score with score = −ε/σ_t, on [1e-3, 1].
 *
 * @param model - The trained model.
 * @param objective - The objective's CLI name.
 * @returns The sampling field and its time span.
 * @example
 * ```ts
 * const { field, timeSpan } = samplingField(model, run.objective);
 * ```
 */
export function samplingField(model: VectorField, objective: string): SamplingField {
  if (objective !== 'dsm') return { field: model, timeSpan: [0, 1] };
  const process = new VPSDE();
  const score = new ModelAdapter(process, model, 'noise').score();
  return { field: process.probabilityFlow(score), timeSpan: [DIFFUSION_T_END, 1] };
}
