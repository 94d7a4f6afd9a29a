import { BackendUnavailableError } from '@gen/core';
import { TOY_DATASET_NAMES, toyDataset } from '@gen/train';
import { runAnimate } from './animation';
import { selectBackend } from './backend';
import { watchWebglContext } from './context-loss';
import { onWebglContextLost } from './context-recovery';
import { onCsv, setData } from './data';
import { runDensity } from './density';
import { guarded, setStatus, showError, ui } from './dom';
import { clearDrawing, DRAW_OPTION, onDrawEnd, onDrawMove, onDrawStart, startDrawing, stopDrawing } from './draw';
import { onObjectiveChange, resetModel } from './model';
import { fillObjectives } from './objectives';
import { runSample } from './sampling';
import { session, state } from './state';
import { runDownload, runDownloadSafetensors, runDrop, runLoad, runSave, runUpload } from './storage';
import { runTraining } from './training';
import { useBundledWasmBinaries } from './wasm-binaries';

/** The `window.__demo` state type, imported by the browser test. */
export type { DemoState } from './state';

/** The backends tried at start-up, fastest first. */
const STARTUP_BACKENDS = ['webgl', 'wasm', 'cpu'] as const;

/** Activates a backend; on webgl, a lost context is then handled by `onWebglContextLost`. */
async function useBackend(name: string): Promise<void> {
  await selectBackend(name);
  watchWebglContext(onWebglContextLost);
}

function wire(): void {
  fillObjectives();
  for (const name of TOY_DATASET_NAMES) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = name;
    ui.dataset.append(option);
  }
  ui.dataset.append(new Option('draw on the plot', DRAW_OPTION));
  ui.dataset.value = 'moons';
  ui.dataset.addEventListener('change', () => {
    try {
      ui.csv.value = '';
      if (ui.dataset.value === DRAW_OPTION) {
        startDrawing();
      } else {
        stopDrawing();
        setData(toyDataset(ui.dataset.value as (typeof TOY_DATASET_NAMES)[number]));
        setStatus(`Data set: ${ui.dataset.value}.`);
      }
    } catch (error) {
      showError(error);
    }
  });
  ui.drawClear.addEventListener('click', clearDrawing);
  ui.plot.addEventListener('pointerdown', onDrawStart);
  ui.plot.addEventListener('pointermove', onDrawMove);
  for (const end of ['pointerup', 'pointerleave'] as const) ui.plot.addEventListener(end, onDrawEnd);
  ui.csv.addEventListener('change', () => void guarded(onCsv));
  for (const input of [ui.width, ui.depth, ui.seed]) input.addEventListener('change', () => resetModel());
  ui.backend.addEventListener(
    'change',
    () =>
      void guarded(async () => {
        await useBackend(ui.backend.value);
        setStatus(`Backend: ${state.backend}.`);
      }),
  );
  ui.train.addEventListener(
    'click',
    () =>
      void guarded(async () => {
        await runTraining();
      }),
  );
  ui.stop.addEventListener('click', () => {
    session.stopRequested = true;
  });
  ui.reset.addEventListener('click', () => {
    resetModel();
    setStatus('New model: it is created from width, depth and seed at the next Train.');
  });
  ui.sample.addEventListener('click', () => void guarded(runSample));
  ui.density.addEventListener('click', () => void guarded(runDensity));
  ui.save.addEventListener('click', () => void guarded(runSave));
  ui.load.addEventListener('click', () => void guarded(runLoad));
  ui.animate.addEventListener('click', () => void guarded(runAnimate));
  ui.download.addEventListener('click', () => void guarded(runDownload));
  ui.downloadSafetensors.addEventListener('click', () => void guarded(runDownloadSafetensors));
  ui.upload.addEventListener('change', () => void guarded(runUpload));
  document.addEventListener('dragover', (event) => event.preventDefault());
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    const files = Array.from(event.dataTransfer?.files ?? []);
    void guarded(() => runDrop(files));
  });
  ui.objective.addEventListener('change', onObjectiveChange);
}

async function start(): Promise<void> {
  wire();
  useBundledWasmBinaries();
  const unavailable: string[] = [];
  for (const name of STARTUP_BACKENDS) {
    try {
      await useBackend(name);
      break;
    } catch (error) {
      unavailable.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (state.backend === '')
    throw new BackendUnavailableError('auto', `none of webgl, wasm, cpu started: ${unavailable.join(' ')}`);
  setData(toyDataset('moons'));
  const note = unavailable.length > 0 ? ` ${unavailable.join(' ')}` : '';
  setStatus(`Ready on ${state.backend}.${note} Pick a data set and press Train.`);
  state.ready = true;
}

start().catch(showError);
