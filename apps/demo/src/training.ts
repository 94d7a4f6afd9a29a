import { type Adam, trainStep } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { webglContextLost } from './context-loss';
import { intValue, numValue, setStatus, ui } from './dom';
import { ensureModel } from './model';
import { makeObjective, selectedObjective } from './objectives';
import { drawLoss, LOSS_WINDOW } from './plots';
import { updateMethods } from './sampling';
import { takeSnapshot } from './snapshot';
import { session, state } from './state';

/**
 * Trains in chunks of `chunk` updates of `trainStep` (the update `train()` repeats, with the same seeds), yielding
 * to the event loop between chunks so the page stays responsive and Stop works. Adam's moments persist across
 * chunks, so Stop then Train continues exactly. After
 * each chunk the model is copied to the host (`takeSnapshot`); when the WebGL context is lost, training stops
 * without recording the chunk and `onWebglContextLost` takes over.
 */
export async function runTraining(): Promise<void> {
  const field = ensureModel();
  const optimiser = session.adam as Adam;
  const objective = makeObjective();
  state.modelObjective = selectedObjective();
  updateMethods();
  const total = intValue(ui.steps, 1);
  const chunk = intValue(ui.chunk, 1);
  const batchSize = intValue(ui.batch, 1);
  const lr = numValue(ui.lr);
  const seed = intValue(ui.seed, 0);
  const end = state.step + total;
  const startStep = state.step;
  const started = performance.now();
  session.stopRequested = false;
  ui.stop.disabled = false;
  setStatus(`Training ${total} updates on ${tf.getBackend()}…`);
  while (state.step < end && !session.stopRequested) {
    const chunkEnd = Math.min(end, state.step + chunk);
    for (; state.step < chunkEnd; state.step += 1) {
      const step = state.step;
      const loss = trainStep({
        model: field,
        data: session.data,
        objective,
        adam: optimiser,
        step,
        batchSize,
        seed,
        learningRate: lr,
      });
      if (!Number.isFinite(loss)) {
        if (webglContextLost()) return;
        throw new Error(`The loss became ${loss} at update ${step + 1}; lower lr.`);
      }
      state.losses.push(loss);
    }
    if (webglContextLost()) return;
    takeSnapshot();
    state.stepsPerSecond = (state.step - startStep) / ((performance.now() - started) / 1000);
    ui.trainInfo.textContent = `step ${state.step} · loss ${smoothedLoss().toFixed(4)} · ${state.stepsPerSecond.toFixed(1)} steps/s`;
    ui.trainInfo.dataset.step = String(state.step);
    ui.trainInfo.dataset.loss = String(smoothedLoss());
    drawLoss();
    await new Promise((resolve) => setTimeout(resolve));
  }
  if (webglContextLost()) return;
  setStatus(
    `${session.stopRequested ? 'Stopped' : 'Trained'} at update ${state.step} (${state.stepsPerSecond.toFixed(1)} steps/s on ${tf.getBackend()}).`,
  );
}

/** The mean of the last {@link LOSS_WINDOW} losses. */
function smoothedLoss(): number {
  const tail = state.losses.slice(-LOSS_WINDOW);
  return tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length);
}
