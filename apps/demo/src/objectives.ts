import { isObjectiveName, OBJECTIVES, type Objective, type ObjectiveName } from '@gen/train';
import { ui } from './dom';
import { DEFAULT_OBJECTIVE, OBJECTIVE_CHOICES } from './objective-choices';
import { state } from './state';

/** Whether a model trained with `objective` predicts the VP-SDE noise (and is sampled by the SDE samplers). */
export function isDiffusion(objective: ObjectiveName): boolean {
  return OBJECTIVES[objective].prediction === 'noise';
}

/** Fills the Objective select from `@gen/train`'s registry, OT-CFM selected. */
export function fillObjectives(): void {
  ui.objective.replaceChildren(
    ...OBJECTIVE_CHOICES.map(({ value, label }) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = label;
      return option;
    }),
  );
  ui.objective.value = DEFAULT_OBJECTIVE;
}

export function selectedObjective(): ObjectiveName {
  const value = ui.objective.value;
  return isObjectiveName(value) ? value : DEFAULT_OBJECTIVE;
}

/** The objective that decides how to sample: the model's when there is one, else the selected one. */
export function samplingObjective(): ObjectiveName {
  return state.modelObjective ?? selectedObjective();
}

/** A new objective of the selected name, as the registry (and `gen train`) builds it. */
export function makeObjective(): Objective {
  return OBJECTIVES[selectedObjective()].create();
}
