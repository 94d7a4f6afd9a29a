import type { RawImageSettings } from './image-settings';
import type { RawSettings } from './settings';

/** The page's elements, found once by {@link findUi}. */
export interface Ui {
  readonly dataset: HTMLSelectElement;
  readonly csv: HTMLInputElement;
  readonly drawControls: HTMLSpanElement;
  readonly drawClear: HTMLButtonElement;
  readonly drawCount: HTMLSpanElement;
  readonly dataInfo: HTMLSpanElement;
  readonly objective: HTMLSelectElement;
  readonly width: HTMLInputElement;
  readonly depth: HTMLInputElement;
  readonly lr: HTMLInputElement;
  readonly batch: HTMLInputElement;
  readonly steps: HTMLInputElement;
  readonly chunk: HTMLInputElement;
  readonly seed: HTMLInputElement;
  readonly backend: HTMLSelectElement;
  readonly backendActive: HTMLElement;
  readonly precision: HTMLSpanElement;
  readonly train: HTMLButtonElement;
  readonly stop: HTMLButtonElement;
  readonly reset: HTMLButtonElement;
  readonly trainInfo: HTMLSpanElement;
  readonly method: HTMLSelectElement;
  readonly odeSteps: HTMLInputElement;
  readonly nSamples: HTMLInputElement;
  readonly sampleSeed: HTMLInputElement;
  readonly rtol: HTMLInputElement;
  readonly atol: HTMLInputElement;
  readonly toleranceInfo: HTMLSpanElement;
  readonly sample: HTMLButtonElement;
  readonly density: HTMLButtonElement;
  readonly save: HTMLButtonElement;
  readonly load: HTMLButtonElement;
  readonly animate: HTMLButtonElement;
  readonly download: HTMLButtonElement;
  readonly downloadSafetensors: HTMLButtonElement;
  readonly upload: HTMLInputElement;
  readonly sampleInfo: HTMLSpanElement;
  readonly status: HTMLDivElement;
  readonly plot: HTMLCanvasElement;
  readonly loss: HTMLCanvasElement;
  readonly mode: HTMLSelectElement;
  readonly pointsMode: HTMLDivElement;
  readonly pointsPlots: HTMLDivElement;
  readonly imagesMode: HTMLDivElement;
  readonly imagesPlots: HTMLDivElement;
  readonly imgDataInfo: HTMLSpanElement;
  readonly imgBase: HTMLInputElement;
  readonly imgLr: HTMLInputElement;
  readonly imgBatch: HTMLInputElement;
  readonly imgSteps: HTMLInputElement;
  readonly imgChunk: HTMLInputElement;
  readonly imgSeed: HTMLInputElement;
  readonly imgDropout: HTMLInputElement;
  readonly imgRefresh: HTMLInputElement;
  readonly imgTrain: HTMLButtonElement;
  readonly imgStop: HTMLButtonElement;
  readonly imgReset: HTMLButtonElement;
  readonly imgTrainInfo: HTMLSpanElement;
  readonly imgMethod: HTMLSelectElement;
  readonly imgOdeSteps: HTMLInputElement;
  readonly imgColumns: HTMLInputElement;
  readonly imgSampleSeed: HTMLInputElement;
  readonly imgGuidance: HTMLInputElement;
  readonly imgGuidanceValue: HTMLElement;
  readonly imgClass: HTMLSelectElement;
  readonly imgSample: HTMLButtonElement;
  readonly imgAnimate: HTMLButtonElement;
  readonly imgSampleInfo: HTMLSpanElement;
  readonly imgGrid: HTMLCanvasElement;
  readonly imgFrames: HTMLCanvasElement;
  readonly imgLoss: HTMLCanvasElement;
}

/**
 * Finds the page's elements by id.
 *
 * @param doc - The page.
 * @returns The elements.
 * @throws `Error` naming the first missing id.
 * @example
 * ```ts
 * const ui = findUi(document);
 * ```
 */
export function findUi(doc: Document): Ui {
  const el = <T extends HTMLElement>(id: string): T => {
    const e = doc.getElementById(id);
    if (e === null) throw new Error(`missing element #${id}`);
    return e as T;
  };
  return {
    dataset: el('dataset'),
    csv: el('csv'),
    drawControls: el('draw-controls'),
    drawClear: el('draw-clear'),
    drawCount: el('draw-count'),
    dataInfo: el('data-info'),
    objective: el('objective'),
    width: el('width'),
    depth: el('depth'),
    lr: el('lr'),
    batch: el('batch'),
    steps: el('steps'),
    chunk: el('chunk'),
    seed: el('seed'),
    backend: el('backend'),
    backendActive: el('backend-active'),
    precision: el('precision'),
    train: el('train'),
    stop: el('stop'),
    reset: el('reset'),
    trainInfo: el('train-info'),
    method: el('method'),
    odeSteps: el('ode-steps'),
    nSamples: el('n-samples'),
    sampleSeed: el('sample-seed'),
    rtol: el('rtol'),
    atol: el('atol'),
    toleranceInfo: el('tolerance-info'),
    sample: el('sample'),
    density: el('density'),
    save: el('save'),
    load: el('load'),
    animate: el('animate'),
    download: el('download'),
    downloadSafetensors: el('download-safetensors'),
    upload: el('upload'),
    sampleInfo: el('sample-info'),
    status: el('status'),
    plot: el('plot'),
    loss: el('loss'),
    mode: el('mode'),
    pointsMode: el('points-mode'),
    pointsPlots: el('points-plots'),
    imagesMode: el('images-mode'),
    imagesPlots: el('images-plots'),
    imgDataInfo: el('img-data-info'),
    imgBase: el('img-base'),
    imgLr: el('img-lr'),
    imgBatch: el('img-batch'),
    imgSteps: el('img-steps'),
    imgChunk: el('img-chunk'),
    imgSeed: el('img-seed'),
    imgDropout: el('img-dropout'),
    imgRefresh: el('img-refresh'),
    imgTrain: el('img-train'),
    imgStop: el('img-stop'),
    imgReset: el('img-reset'),
    imgTrainInfo: el('img-train-info'),
    imgMethod: el('img-method'),
    imgOdeSteps: el('img-ode-steps'),
    imgColumns: el('img-columns'),
    imgSampleSeed: el('img-sample-seed'),
    imgGuidance: el('img-guidance'),
    imgGuidanceValue: el('img-guidance-value'),
    imgClass: el('img-class'),
    imgSample: el('img-sample'),
    imgAnimate: el('img-animate'),
    imgSampleInfo: el('img-sample-info'),
    imgGrid: el('img-grid'),
    imgFrames: el('img-frames'),
    imgLoss: el('img-loss'),
  };
}

/**
 * Reads the form's fields as typed (the one place settings come from; `settings.ts` parses them).
 *
 * @param ui - The page's elements.
 * @returns The fields' text by id.
 * @example
 * ```ts
 * parseTrainingSettings(readControls(ui));
 * ```
 */
export function readControls(ui: Ui): RawSettings {
  return {
    objective: ui.objective.value,
    width: ui.width.value,
    depth: ui.depth.value,
    lr: ui.lr.value,
    batch: ui.batch.value,
    steps: ui.steps.value,
    chunk: ui.chunk.value,
    seed: ui.seed.value,
    method: ui.method.value,
    'ode-steps': ui.odeSteps.value,
    'n-samples': ui.nSamples.value,
    'sample-seed': ui.sampleSeed.value,
    rtol: ui.rtol.value,
    atol: ui.atol.value,
  };
}

/**
 * Reads the images mode's fields as typed (`image-settings.ts` parses them).
 *
 * @param ui - The page's elements.
 * @returns The fields' text by id.
 * @example
 * ```ts
 * parseImageSamplingSettings(readImageControls(ui)).guidance; // 2
 * ```
 */
export function readImageControls(ui: Ui): RawImageSettings {
  return {
    'img-base': ui.imgBase.value,
    'img-lr': ui.imgLr.value,
    'img-batch': ui.imgBatch.value,
    'img-steps': ui.imgSteps.value,
    'img-chunk': ui.imgChunk.value,
    'img-seed': ui.imgSeed.value,
    'img-dropout': ui.imgDropout.value,
    'img-refresh': ui.imgRefresh.value,
    'img-method': ui.imgMethod.value,
    'img-ode-steps': ui.imgOdeSteps.value,
    'img-columns': ui.imgColumns.value,
    'img-sample-seed': ui.imgSampleSeed.value,
    'img-guidance': ui.imgGuidance.value,
    'img-class': ui.imgClass.value,
  };
}

/**
 * Shows the guidance slider's value next to it.
 *
 * @param ui - The page's elements.
 * @example
 * ```ts
 * ui.imgGuidance.addEventListener('input', () => showGuidance(ui));
 * ```
 */
export function showGuidance(ui: Ui): void {
  ui.imgGuidanceValue.textContent = ui.imgGuidance.value;
}

/**
 * Writes a loaded model's width and depth into the form, so Train after New model builds the same shape.
 *
 * @param ui - The page's elements.
 * @param hidden - The model's hidden widths.
 * @example
 * ```ts
 * showModelShape(ui, [32, 32]); // width 32, depth 2
 * ```
 */
export function showModelShape(ui: Ui, hidden: readonly number[]): void {
  ui.width.value = String(hidden[0] ?? ui.width.value);
  ui.depth.value = String(hidden.length);
}

/**
 * Offers bytes as a downloaded file (a link to a blob URL, clicked; the URL is revoked after a minute).
 *
 * @param bytes - The file's content.
 * @param name - The file name suggested.
 * @example
 * ```ts
 * offerDownload(await modelToSafetensors(field), 'gen-demo.safetensors');
 * ```
 */
export function offerDownload(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A pointer event's position in canvas pixels (the canvas may be scaled by CSS).
 *
 * @param canvas - The canvas.
 * @param event - The event.
 * @returns [px, py].
 * @example
 * ```ts
 * canvasPixel(ui.plot, event);
 * ```
 */
export function canvasPixel(canvas: HTMLCanvasElement, event: PointerEvent): [number, number] {
  return [(event.offsetX * canvas.width) / canvas.clientWidth, (event.offsetY * canvas.height) / canvas.clientHeight];
}
