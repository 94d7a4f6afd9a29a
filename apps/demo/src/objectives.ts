import { VPSDE } from '@gen/sde';
import {
  conditionalFlowMatching,
  denoisingScoreMatching,
  maximumLikelihood,
  type Objective,
  otConditionalFlowMatching,
} from '@gen/train';
import { ui } from './dom';
import { state } from './state';

/** The final time of the VP-SDE objective and samplers (the score is singular at t = 0). */
export const T_END = 1e-3;

/** The objectives of the Objective select; `vp-dsm` trains an ε-predictor, the others a flow. */
export type ObjectiveName = 'cfm' | 'ot-cfm' | 'ml' | 'vp-dsm';
export const OBJECTIVES: readonly ObjectiveName[] = ['cfm', 'ot-cfm', 'ml', 'vp-dsm'];

export function isDiffusion(objective: ObjectiveName): boolean {
  return objective === 'vp-dsm';
}

export function selectedObjective(): ObjectiveName {
  const value = ui.objective.value as ObjectiveName;
  return OBJECTIVES.includes(value) ? value : 'ot-cfm';
}

/** The objective that decides how to sample: the model's when there is one, else the selected one. */
export function samplingObjective(): ObjectiveName {
  return state.modelObjective ?? selectedObjective();
}

export function makeObjective(): Objective {
  switch (selectedObjective()) {
    case 'vp-dsm':
      return denoisingScoreMatching({ process: new VPSDE(), tEnd: T_END });
    case 'cfm':
      return conditionalFlowMatching();
    case 'ml':
      // Fixed rk4 steps, as the gen CLI: adaptive dopri5 at its default 1e-5 sits below the float32 tolerance floor
      // the demo keeps elsewhere, and would read the error norm back inside every gradient tape.
      return maximumLikelihood({ method: 'rk4', steps: 8 });
    default:
      return otConditionalFlowMatching();
  }
}
