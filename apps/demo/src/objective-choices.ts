import { isObjectiveName, OBJECTIVE_NAMES, OBJECTIVES, type ObjectiveName } from '@gen/train';

/** The Objective select's default. */
export const DEFAULT_OBJECTIVE: ObjectiveName = 'ot-cfm';

/** One option of the Objective select. */
export interface ObjectiveChoice {
  /** The registry's name (what `gen train --objective` takes). */
  value: ObjectiveName;
  /** The name and the registry's description. */
  label: string;
}

/**
 * The options of the Objective select: every objective of `@gen/train`'s registry, in its order. This module uses
 * no DOM, so tests import it in Node.
 */
export const OBJECTIVE_CHOICES: readonly ObjectiveChoice[] = OBJECTIVE_NAMES.map((value) => ({
  value,
  label: `${value}: ${OBJECTIVES[value].description}`,
}));

/** The names earlier versions of the demo saved models under, and the registry's names for them. */
const FORMER_NAMES = new Map<unknown, ObjectiveName>([
  ['ml', 'likelihood'],
  ['vp-dsm', 'dsm'],
]);

/**
 * The objective a saved model records in `userDefinedMetadata.objective`: a registry name, a former demo name
 * (`ml`, `vp-dsm`) translated, or OT-CFM when the model records none.
 *
 * @param stored - The recorded value.
 * @returns The objective's name.
 * @throws `Error` quoting the value (at most 80 characters) when it is no objective.
 */
export function savedObjective(stored: unknown): ObjectiveName {
  if (stored === undefined) return DEFAULT_OBJECTIVE;
  const name = FORMER_NAMES.get(stored) ?? stored;
  if (!isObjectiveName(name))
    throw new Error(`The saved model has an unknown objective "${String(stored).slice(0, 80)}".`);
  return name;
}
