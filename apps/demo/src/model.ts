import type { WebglPrecisionSettings } from '@gen/backend-webgl';
import { Adam, mlpVectorField, OBJECTIVES, type ObjectiveName, type TrainableField } from '@gen/train';
import type { ModelSettings } from './settings';
import type { DemoState, TrainedModel } from './state';

/**
 * The changes that drop the model, its snapshot and its training record (the next Train creates a new model);
 * `commit` disposes the dropped model.
 *
 * @returns The changes.
 * @example
 * ```ts
 * commit(withoutModel());
 * ```
 */
export function withoutModel(): Pick<DemoState, 'model' | 'snapshot' | 'step' | 'losses' | 'stepsPerSecond'> {
  return { model: undefined, snapshot: undefined, step: 0, losses: [], stepsPerSecond: 0 };
}

/**
 * Adam for the model's variables with the ε the backend needs (`webglPrecisionSettings`: 1e-7 on float32, not
 * tfjs's `epsilon()`).
 *
 * @param field - The model; borrowed.
 * @param precision - The active backend's settings.
 * @returns A new Adam; the caller owns it.
 * @example
 * ```ts
 * const adam = createAdam(field, precisionOf('cpu'));
 * ```
 */
export function createAdam(field: TrainableField, precision: WebglPrecisionSettings): Adam {
  return new Adam(field.variables, { epsilon: precision.adamEpsilon });
}

/**
 * A new model from the settings (an MLP with `depth` hidden layers of `width`, seeded), for D-dimensional data.
 *
 * @param settings - Width, depth, seed and the objective.
 * @param dim - The data dimension.
 * @param precision - The active backend's settings (Adam's ε).
 * @returns The model and its Adam; the state owns them.
 * @example
 * ```ts
 * newModel({ objective: 'ot-cfm', width: 32, depth: 2, seed: 0 }, 2, precisionOf('cpu')).field.config.hidden; // [32, 32]
 * ```
 */
export function newModel(settings: ModelSettings, dim: number, precision: WebglPrecisionSettings): TrainedModel {
  const field = mlpVectorField({ dim, hidden: Array(settings.depth).fill(settings.width), seed: settings.seed });
  return { field, adam: createAdam(field, precision), objective: settings.objective };
}

/**
 * After a backend switch: the model with a new Adam of the new backend's ε, keeping its step and moments (an ε of
 * 1e-7 from float32 textures would be flushed to zero on half floats, and 1e-4 from those would slow wasm down).
 * The old Adam stays: committing the result disposes it.
 *
 * @param model - The model (an MLP of the points mode or a U-Net of the images mode); borrowed.
 * @param precision - The new backend's settings.
 * @returns The model with its new Adam.
 * @example
 * ```ts
 * commit({ model: refitAdam(state.model, precisionOf('wasm')) });
 * ```
 */
export function refitAdam<M extends Pick<TrainedModel, 'adam'> & { readonly field: TrainableField }>(
  model: M,
  precision: WebglPrecisionSettings,
): M {
  const moments = model.adam.getState();
  const adam = createAdam(model.field, precision);
  adam.setState(moments);
  return { ...model, adam };
}

/**
 * Whether a model trained with `objective` predicts the VP-SDE noise (and is sampled by the diffusion samplers).
 *
 * @param objective - A registry name.
 * @returns True for `dsm`.
 * @example
 * ```ts
 * isDiffusion('dsm'); // true
 * ```
 */
export function isDiffusion(objective: ObjectiveName): boolean {
  return OBJECTIVES[objective].prediction === 'noise';
}

/**
 * A change of the Objective select: the model is dropped when the new objective needs the other kind (flow vs
 * noise prediction), and kept otherwise.
 *
 * @param state - The demo's state.
 * @param objective - The selected objective.
 * @returns The changes.
 * @example
 * ```ts
 * objectiveChanged(stateWithOtCfmModel, 'dsm').model; // undefined
 * ```
 */
export function objectiveChanged(state: DemoState, objective: ObjectiveName): Partial<DemoState> {
  const { model } = state;
  if (model === undefined || isDiffusion(model.objective) === isDiffusion(objective)) return { objective };
  return {
    objective,
    ...withoutModel(),
    status: `New model: a ${isDiffusion(objective) ? 'score (ε-prediction)' : 'flow'} model is created at the next Train.`,
    error: null,
  };
}

/**
 * The objective that decides how to sample: the model's when there is one, else the selected one.
 *
 * @param state - The demo's state.
 * @returns A registry name.
 * @example
 * ```ts
 * samplingObjective(state); // state.model?.objective ?? state.objective
 * ```
 */
export function samplingObjective(state: Pick<DemoState, 'model' | 'objective'>): ObjectiveName {
  return state.model?.objective ?? state.objective;
}
