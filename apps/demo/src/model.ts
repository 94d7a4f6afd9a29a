import { Adam, type MlpVectorField, mlpVectorField } from '@gen/train';
import { intValue, setStatus, ui } from './dom';
import { isDiffusion, selectedObjective } from './objectives';
import { drawLoss } from './plots';
import { activePrecision } from './precision';
import { updateMethods } from './sampling';
import { session, state } from './state';

/** Drops the model, its optimiser and its snapshot; the next Train creates a new one. */
export function resetModel(): void {
  session.model?.dispose();
  session.adam?.dispose();
  session.model = undefined;
  session.adam = undefined;
  session.snapshot = undefined;
  state.modelObjective = null;
  state.step = 0;
  state.losses = [];
  state.stepsPerSecond = 0;
  ui.trainInfo.textContent = '';
  drawLoss();
  updateMethods();
}

/** The current model, created from width, depth and seed when there is none, with its Adam optimiser. */
export function ensureModel(): MlpVectorField {
  if (session.model === undefined) {
    const width = intValue(ui.width, 1);
    const depth = intValue(ui.depth, 0);
    session.model = mlpVectorField({
      dim: session.data.dim,
      hidden: Array(depth).fill(width),
      seed: intValue(ui.seed, 0),
    });
  }
  session.adam ??= createAdam(session.model);
  return session.model;
}

/** Adam for the model's variables, with the ε the active backend needs (`webglPrecisionSettings`). */
export function createAdam(model: MlpVectorField): Adam {
  return new Adam(model.variables, { epsilon: activePrecision().adamEpsilon });
}

/**
 * After a backend switch: rebuilds the model's Adam with the new backend's ε, keeping its step and moments (an ε of
 * 1e-7 from float32 textures would be flushed to zero on half floats, and 1e-4 from those would slow wasm down).
 */
export function refitAdamToBackend(): void {
  const { model, adam } = session;
  if (model === undefined || adam === undefined) return;
  const moments = adam.getState();
  const refitted = createAdam(model);
  refitted.setState(moments);
  adam.dispose();
  session.adam = refitted;
}

/** Drops the model when the new objective needs the other kind (flow vs score), and refills the Method select. */
export function onObjectiveChange(): void {
  const chosen = selectedObjective();
  if (state.modelObjective !== null && isDiffusion(state.modelObjective) !== isDiffusion(chosen)) {
    resetModel();
    setStatus(
      `New model: a ${isDiffusion(chosen) ? 'score (ε-prediction)' : 'flow'} model is created at the next Train.`,
    );
  }
  updateMethods();
}
