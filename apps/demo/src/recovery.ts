import { BackendUnavailableError } from '@gen/core';
import type { ActiveBackend } from './backend';
import { withoutModel } from './model';
import { restoreSnapshot } from './snapshot';
import type { DemoState, ModelSnapshot } from './state';

/** The backend the demo moves to when the WebGL context is lost while webgl is active. */
export const FALLBACK_BACKEND = 'wasm';

/**
 * The error shown at once when the WebGL context is lost.
 *
 * @param target - The backend the demo moves to.
 * @returns The error (shown in the page; training stops).
 * @example
 * ```ts
 * contextLostError('wasm').message; // '… Training stops; moving to wasm…'
 * ```
 */
export function contextLostError(target: string): BackendUnavailableError {
  return new BackendUnavailableError(
    'webgl',
    `its WebGL context was lost (a GPU reset, a driver crash or too little GPU memory). Training stops; moving to ${target}…`,
  );
}

/**
 * After a lost context, on the new backend: the model and its Adam state rebuilt from the last snapshot (taken
 * after the last chunk read back while the context was alive), and the error saying what was kept.
 *
 * @param snapshot - The last snapshot, or undefined.
 * @param lostAt - The update count when the context was lost.
 * @param active - The backend now active.
 * @returns The changes (the error set; the model from the snapshot, or none).
 * @example
 * ```ts
 * commit(recoveredState(state.snapshot, state.step, await activateBackend('wasm')));
 * ```
 */
export function recoveredState(
  snapshot: ModelSnapshot | undefined,
  lostAt: number,
  active: ActiveBackend,
): Partial<DemoState> {
  let kept = 'there was no model to keep';
  let model: Partial<DemoState> = withoutModel();
  if (snapshot !== undefined) {
    model = { ...restoreSnapshot(snapshot, active.precision), stepsPerSecond: 0 };
    kept = `the model and its Adam state were kept as of update ${snapshot.step}`;
    if (snapshot.step < lostAt)
      kept += ` (updates ${snapshot.step + 1}–${lostAt} ran on the lost context and were dropped)`;
  } else if (lostAt > 0) {
    kept = 'the model weights were lost (none had been read back yet); Train starts a new model';
  }
  const error = new BackendUnavailableError(
    'webgl',
    `its WebGL context was lost. Training stopped and the demo moved to ${active.backend}: ${kept}. ` +
      'Press Train to continue here, or pick webgl to try a new context.',
  );
  const message = `${error.name}: ${error.message}`;
  return { ...model, ...active, status: message, error: message };
}
