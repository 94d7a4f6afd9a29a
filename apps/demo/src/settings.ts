import { InvalidArgumentError } from '@gen/core';
import { isObjectiveName, type ObjectiveName } from '@gen/train';
import { DEFAULT_OBJECTIVE } from './objective-choices';

/** The form's fields as typed, by element id: what the edge (`readControls`) hands to the parsers below. */
export interface RawSettings {
  readonly objective: string;
  readonly width: string;
  readonly depth: string;
  readonly lr: string;
  readonly batch: string;
  readonly steps: string;
  readonly chunk: string;
  readonly seed: string;
  readonly method: string;
  readonly 'ode-steps': string;
  readonly 'n-samples': string;
  readonly 'sample-seed': string;
  readonly rtol: string;
  readonly atol: string;
}

/** The model a Train creates when there is none: an MLP of `depth` hidden layers of `width` units. */
export interface ModelSettings {
  readonly objective: ObjectiveName;
  readonly width: number;
  readonly depth: number;
  /** The initialisation's seed (also the seed of the training batches). */
  readonly seed: number;
}

/** One Train press: `steps` updates in chunks of `chunk`, yielding to the page between chunks. */
export interface TrainingSettings extends ModelSettings {
  readonly learningRate: number;
  readonly batchSize: number;
  readonly steps: number;
  readonly chunk: number;
}

/** Sampling, density and trajectories: a row of the sampler table and its steps or tolerances (before the floor). */
export interface SamplingSettings {
  readonly method: string;
  /** Steps over the whole time span (fixed-step samplers). */
  readonly steps: number;
  readonly samples: number;
  readonly seed: number;
  /** Asked tolerances of adaptive methods; `clampTolerances` raises them to the backend's floor. */
  readonly rtol: number;
  readonly atol: number;
}

/** Longest field value quoted in an error. */
export const QUOTE = 40;

/**
 * An integer ≥ `min` typed in a form field, or an `InvalidArgumentError` naming the field (its id).
 *
 * @param raw - The form's fields by id.
 * @param field - The field to read.
 * @param min - The least value allowed.
 * @returns The integer.
 * @throws `InvalidArgumentError` naming `field`, with the range and the text typed (at most 40 characters).
 * @example
 * ```ts
 * integerField({ steps: '100' }, 'steps', 1); // 100
 * ```
 */
export function integerField<K extends string>(raw: Readonly<Record<K, string>>, field: K, min: number): number {
  const text = raw[field];
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min)
    throw new InvalidArgumentError(field, `an integer ≥ ${min}`, text.slice(0, QUOTE));
  return value;
}

/**
 * A finite number > 0 typed in a form field, or an `InvalidArgumentError` naming the field (its id).
 *
 * @param raw - The form's fields by id.
 * @param field - The field to read.
 * @returns The number.
 * @throws `InvalidArgumentError` naming `field`, with the text typed (at most 40 characters).
 * @example
 * ```ts
 * positiveField({ lr: '0.003' }, 'lr'); // 0.003
 * ```
 */
export function positiveField<K extends string>(raw: Readonly<Record<K, string>>, field: K): number {
  const text = raw[field];
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0)
    throw new InvalidArgumentError(field, 'a positive number', text.slice(0, QUOTE));
  return value;
}

/**
 * The selected objective (the Objective select only offers registry names; anything else reads as the default,
 * OT-CFM).
 *
 * @param raw - The form's fields.
 * @returns The objective's registry name.
 * @example
 * ```ts
 * selectedObjective({ ...raw, objective: 'dsm' }); // 'dsm'
 * ```
 */
export function selectedObjective(raw: Pick<RawSettings, 'objective'>): ObjectiveName {
  return isObjectiveName(raw.objective) ? raw.objective : DEFAULT_OBJECTIVE;
}

/**
 * Parses the model fields: width ≥ 1, depth ≥ 0, seed ≥ 0, integers.
 *
 * @param raw - The form's fields.
 * @returns The typed settings.
 * @throws `InvalidArgumentError` naming the first bad field (its id), the expected range and the text typed.
 * @example
 * ```ts
 * parseModelSettings(raw).width; // 64
 * ```
 */
export function parseModelSettings(raw: RawSettings): ModelSettings {
  return {
    objective: selectedObjective(raw),
    width: integerField(raw, 'width', 1),
    depth: integerField(raw, 'depth', 0),
    seed: integerField(raw, 'seed', 0),
  };
}

/**
 * Parses the model and training fields: lr > 0, batch, steps and chunk integers ≥ 1.
 *
 * @param raw - The form's fields.
 * @returns The typed settings.
 * @throws `InvalidArgumentError` naming the first bad field (its id), the expected range and the text typed.
 * @example
 * ```ts
 * parseTrainingSettings(raw).learningRate; // 0.003
 * ```
 */
export function parseTrainingSettings(raw: RawSettings): TrainingSettings {
  return {
    ...parseModelSettings(raw),
    learningRate: positiveField(raw, 'lr'),
    batchSize: integerField(raw, 'batch', 1),
    steps: integerField(raw, 'steps', 1),
    chunk: integerField(raw, 'chunk', 1),
  };
}

/**
 * Parses the sampling fields: steps and samples integers ≥ 1, sample seed ≥ 0, rtol and atol > 0. The method is
 * taken as it is: `sample` checks it against the sampler table.
 *
 * @param raw - The form's fields.
 * @returns The typed settings.
 * @throws `InvalidArgumentError` naming the first bad field (its id), the expected range and the text typed.
 * @example
 * ```ts
 * parseSamplingSettings(raw).steps; // 20
 * ```
 */
export function parseSamplingSettings(raw: RawSettings): SamplingSettings {
  return {
    method: raw.method,
    steps: integerField(raw, 'ode-steps', 1),
    samples: integerField(raw, 'n-samples', 1),
    seed: integerField(raw, 'sample-seed', 0),
    rtol: positiveField(raw, 'rtol'),
    atol: positiveField(raw, 'atol'),
  };
}
