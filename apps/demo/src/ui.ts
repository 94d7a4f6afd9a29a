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
