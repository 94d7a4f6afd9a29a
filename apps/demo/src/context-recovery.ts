import { BackendUnavailableError } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './backend';
import { discardWebglBackend } from './context-loss';
import { guarded, showError, ui } from './dom';
import { resetModel } from './model';
import { drawLoss } from './plots';
import { updateMethods } from './sampling';
import { restoreSnapshot } from './snapshot';
import { session, state } from './state';

/** The backend the demo moves to when the WebGL context is lost while webgl is active. */
const FALLBACK = 'wasm';

/**
 * How long recovery waits for a running webgl action to end: an asynchronous read on a lost context (sampling,
 * saving) never resolves, so after this the action is abandoned.
 */
const ABANDON_AFTER_MS = 3000;

/**
 * Handles a lost WebGL context: stops training at once, says so in the page, and once the running action has ended
 * moves to wasm (or stays on wasm or cpu when one of them is active) with the model of the last snapshot.
 */
export function onWebglContextLost(): void {
  const onWebgl = tf.getBackend() === 'webgl';
  const target = onWebgl ? FALLBACK : tf.getBackend();
  session.stopRequested = true;
  showError(
    new BackendUnavailableError(
      'webgl',
      `its WebGL context was lost (a GPU reset, a driver crash or too little GPU memory). Training stops; moving to ${target}…`,
    ),
  );
  void whenIdle(onWebgl).then(() => guarded(() => recoverOn(target)));
}

/** Resolves once no action is running, or (`abandon`) after {@link ABANDON_AFTER_MS} whatever still runs. */
async function whenIdle(abandon: boolean): Promise<void> {
  const deadline = abandon ? performance.now() + ABANDON_AFTER_MS : Number.POSITIVE_INFINITY;
  while (state.busy && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  state.busy = false;
}

/**
 * Drops every tensor and the dead webgl backend, activates `target`, rebuilds the model and its Adam state from the
 * last snapshot (taken after the last chunk read back while the context was alive) and shows what was kept.
 */
async function recoverOn(target: string): Promise<void> {
  const snapshot = session.snapshot;
  const lostAt = state.step;
  resetModel();
  discardWebglBackend();
  await selectBackend(target);
  let kept = 'there was no model to keep';
  if (snapshot !== undefined) {
    restoreSnapshot(snapshot);
    kept = `the model and its Adam state were kept as of update ${snapshot.step}`;
    if (snapshot.step < lostAt)
      kept += ` (updates ${snapshot.step + 1}–${lostAt} ran on the lost context and were dropped)`;
  } else if (lostAt > 0) {
    kept = 'the model weights were lost (none had been read back yet); Train starts a new model';
  }
  ui.trainInfo.textContent = `step ${state.step}`;
  updateMethods();
  drawLoss();
  showError(
    new BackendUnavailableError(
      'webgl',
      `its WebGL context was lost. Training stopped and the demo moved to ${state.backend}: ${kept}. ` +
        'Press Train to continue here, or pick webgl to try a new context.',
    ),
  );
}
