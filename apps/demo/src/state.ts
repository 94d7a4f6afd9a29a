import { type WebglPrecisionSettings, webglPrecisionSettings } from '@gen/backend-webgl';
import {
  type Adam,
  type AdamState,
  type Dataset,
  type ImageDataset,
  type MlpVectorField,
  type MlpVectorFieldConfig,
  type ObjectiveName,
  toyDataset,
  type UnetVectorField,
} from '@gen/train';
import type { DigitChoice } from './image-settings';
import { DEFAULT_OBJECTIVE } from './objective-choices';

/** A square view of the plots in data coordinates: x from x0 to x1, y from y0 (bottom) to y1 (top). */
export interface Bounds {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** Points drawn on the plot, and the stroke in progress. */
export interface Drawing {
  /** The points in data coordinates, jittered. */
  readonly points: readonly number[][];
  /** Whether drawing is on (the "draw on the plot" data set is selected). */
  readonly active: boolean;
  /** The canvas pixel of the current stroke's last point; undefined while no button is down on the plot. */
  readonly strokeEnd: readonly [number, number] | undefined;
}

/** A host copy of the model and its training state: what survives a lost WebGL context. */
export interface ModelSnapshot {
  /** The model's config. */
  readonly config: MlpVectorFieldConfig;
  /** The value of every named variable of the model (trainable or not). */
  readonly weights: Readonly<Record<string, Float32Array>>;
  /** Adam's step and moments. */
  readonly adam: AdamState;
  /** Updates done. */
  readonly step: number;
  /** The loss of each update done. */
  readonly losses: readonly number[];
  /** The objective the model was trained with. */
  readonly objective: ObjectiveName;
}

/** The model, the Adam optimiser that trains it and the objective it is trained (or was loaded) with; owned by the state. */
export interface TrainedModel {
  readonly field: MlpVectorField;
  readonly adam: Adam;
  readonly objective: ObjectiveName;
}

/** The images mode's model: a class-conditional U-Net, its Adam and its objective; owned by the state. */
export interface TrainedImageModel extends Omit<TrainedModel, 'field'> {
  readonly field: UnetVectorField;
}

/** The images mode's sample grid: images in rows of `columns`, the label each was drawn for, and how. */
export interface ImageGridSamples {
  /** N·28·28 values in [−1, 1], NHWC row-major, N = 10·columns. */
  readonly pixels: Float32Array;
  /** The label each image was drawn for. */
  readonly labels: readonly number[];
  readonly columns: number;
  readonly guidance: number;
  readonly digit: DigitChoice;
  /** The update the model had reached when the grid was drawn. */
  readonly step: number;
  readonly nfe: number;
  readonly seconds: number;
  /** The fraction the shipped classifier recognises as their labels (`classifierAccuracy`). */
  readonly accuracy: number;
}

/** The trajectory strip: for each frame time the same images (one, or one per class), values in [−1, 1]. */
export interface ImageTrajectory {
  readonly frames: readonly Float32Array[];
  readonly times: readonly number[];
  readonly labels: readonly number[];
}

/** The page's two modes: 2-D points (toy, CSV or drawn data and an MLP) or MNIST images (a U-Net). */
export type DemoMode = 'points' | 'images';

/** What the images mode knows: MNIST, the U-Net, its training record, the last grid and trajectory. */
export interface ImagesState {
  /** MNIST's training split, loaded when the mode is first entered. */
  readonly data: ImageDataset | undefined;
  /** The model (its tensors are the state's; a change that replaces it disposes the old one). */
  readonly model: TrainedImageModel | undefined;
  readonly step: number;
  readonly losses: readonly number[];
  readonly stepsPerSecond: number;
  readonly grid: ImageGridSamples | null;
  /** Grids drawn since the page opened. */
  readonly gridsDrawn: number;
  readonly trajectory: ImageTrajectory | null;
}

/** The trajectories of the last animation: states [frame][point][dim] and how many frames are drawn so far. */
export interface Trajectories {
  readonly frames: readonly number[][][];
  readonly shown: number;
}

/**
 * Everything the demo knows, in one value: actions take it and return changes (`Partial<DemoState>`), `main`
 * merges them into a new value and `render` draws it. Only `model` and `images.model` hold tensors; a change that
 * replaces one disposes the old one (`main`'s `commit`).
 */
export interface DemoState {
  /** Start-up ended (a backend is active and the first data set is shown). */
  readonly ready: boolean;
  /** An action is running: the buttons are disabled. */
  readonly busy: boolean;
  /** Training is running: Stop is enabled. */
  readonly training: boolean;
  /** Stop was pressed (or the WebGL context was lost): training ends after the current chunk. */
  readonly stopRequested: boolean;
  /** The active tfjs backend. */
  readonly backend: string;
  /** Points or images: which half of the page is shown and trained. */
  readonly mode: DemoMode;
  /** The images mode's data, model and results (its model holds tensors too). */
  readonly images: ImagesState;
  /** Its precision settings (Adam ε, tolerance floors). */
  readonly precision: WebglPrecisionSettings;
  /** The Objective select's value. */
  readonly objective: ObjectiveName;
  /** The training data. */
  readonly data: Dataset;
  /** The points the scatter plot shows: draws from the data, or the drawn points. */
  readonly points: readonly number[][];
  /** The view of the scatter plot and the density grid. */
  readonly bounds: Bounds;
  /** The text next to the data pickers, e.g. `moons: D = 2`. */
  readonly dataInfo: string;
  /** Points drawn on the plot (kept while another data set is used). */
  readonly drawing: Drawing;
  readonly model: TrainedModel | undefined;
  /** The last host copy of the model and its training state (kept across a lost WebGL context). */
  readonly snapshot: ModelSnapshot | undefined;
  /** Updates done on the model. */
  readonly step: number;
  /** The loss of each update done. */
  readonly losses: readonly number[];
  /** Updates per second of the last Train (0 before one). */
  readonly stepsPerSecond: number;
  readonly samples: readonly number[][] | null;
  readonly sampleNfe: number;
  readonly sampleSeconds: number;
  /** log p on the density grid, row 0 at the top (`densityGrid`). */
  readonly density: readonly number[] | null;
  readonly trajectories: Trajectories | null;
  /** The line under the sampling buttons (samples, density or animation). */
  readonly sampleInfo: string;
  /** The note on tolerances raised to the backend's floor ('' for none). */
  readonly toleranceNote: string;
  readonly status: string;
  /** The error shown (`Name: message`), or null. */
  readonly error: string | null;
  /** `tf.memory().numTensors` after the last action. */
  readonly numTensors: number;
}

/**
 * What `window.__demo` shows (the browser tests' and the console's read-only view of the state): plain values, no
 * tensors.
 */
export interface DemoHook {
  readonly ready: boolean;
  readonly busy: boolean;
  readonly backend: string;
  readonly step: number;
  readonly losses: readonly number[];
  readonly stepsPerSecond: number;
  readonly dataName: string;
  /** The points the scatter plot shows. */
  readonly data: readonly number[][];
  readonly bounds: Bounds;
  readonly samples: readonly number[][] | null;
  readonly sampleNfe: number;
  readonly sampleSeconds: number;
  readonly density: readonly number[] | null;
  /** The objective of the model, null without one. */
  readonly modelObjective: ObjectiveName | null;
  /** Trajectory frames drawn by the last animation. */
  readonly trajectoryFrames: number;
  readonly error: string | null;
  readonly status: string;
  readonly numTensors: number;
  readonly mode: DemoMode;
  readonly images: ImagesHook;
}

/** The images mode in `window.__demo`: plain values. */
export interface ImagesHook {
  /** MNIST training images loaded (0 before the mode is entered). */
  readonly dataSize: number;
  /** The U-Net's parameters (0 without a model). */
  readonly parameters: number;
  readonly step: number;
  readonly losses: readonly number[];
  readonly stepsPerSecond: number;
  /** The last grid's labels (one per image, row by row), guidance, digit choice, update, accuracy; null before one. */
  readonly grid: {
    readonly labels: readonly number[];
    readonly guidance: number;
    readonly digit: DigitChoice;
    readonly step: number;
    readonly accuracy: number;
    readonly nfe: number;
    readonly seconds: number;
  } | null;
  /** Grids drawn since the page opened (the refreshes during training included). */
  readonly gridsDrawn: number;
  /** Frames and images per frame of the last trajectory strip (0, 0 before one). */
  readonly trajectoryFrames: number;
  readonly trajectoryImages: number;
}

/**
 * The hook's view of a state (a new frozen object; its arrays are the state's own and never modified).
 *
 * @param state - The demo's state.
 * @returns The plain view.
 * @example
 * ```ts
 * hookView(state).modelObjective; // 'ot-cfm' after a Train with OT-CFM
 * ```
 */
export function hookView(state: DemoState): DemoHook {
  return Object.freeze({
    ready: state.ready,
    busy: state.busy,
    backend: state.backend,
    step: state.step,
    losses: state.losses,
    stepsPerSecond: state.stepsPerSecond,
    dataName: state.data.name,
    data: state.points,
    bounds: state.bounds,
    samples: state.samples,
    sampleNfe: state.sampleNfe,
    sampleSeconds: state.sampleSeconds,
    density: state.density,
    modelObjective: state.model?.objective ?? null,
    trajectoryFrames: state.trajectories?.shown ?? 0,
    error: state.error,
    status: state.status,
    numTensors: state.numTensors,
    mode: state.mode,
    images: imagesHook(state.images),
  });
}

/**
 * The number of trainable parameters of the images mode's model.
 *
 * @param model - The model; borrowed.
 * @returns The sum of its variables' sizes.
 * @example
 * ```ts
 * parameterCount(state.images.model); // 41 961 for base channels 8
 * ```
 */
export function parameterCount(model: TrainedImageModel): number {
  return model.field.variables.reduce((sum, v) => sum + v.size, 0);
}

/** The images mode's part of the hook. */
function imagesHook(images: ImagesState): ImagesHook {
  const { grid, trajectory, model } = images;
  return {
    dataSize: images.data?.size ?? 0,
    parameters: model === undefined ? 0 : parameterCount(model),
    step: images.step,
    losses: images.losses,
    stepsPerSecond: images.stepsPerSecond,
    grid:
      grid === null
        ? null
        : {
            labels: grid.labels,
            guidance: grid.guidance,
            digit: grid.digit,
            step: grid.step,
            accuracy: grid.accuracy,
            nfe: grid.nfe,
            seconds: grid.seconds,
          },
    gridsDrawn: images.gridsDrawn,
    trajectoryFrames: trajectory?.frames.length ?? 0,
    trajectoryImages: trajectory?.labels.length ?? 0,
  };
}

/**
 * The state before start-up: no backend yet (float32 settings), the points mode with moons as the data (shown once a
 * backend is active), OT-CFM selected, no model; the images mode without MNIST (loaded when it is first entered).
 *
 * @returns The state.
 * @example
 * ```ts
 * initialState().ready; // false
 * ```
 */
export function initialState(): DemoState {
  return {
    ready: false,
    busy: false,
    training: false,
    stopRequested: false,
    backend: '',
    mode: 'points',
    images: {
      data: undefined,
      model: undefined,
      step: 0,
      losses: [],
      stepsPerSecond: 0,
      grid: null,
      gridsDrawn: 0,
      trajectory: null,
    },
    precision: webglPrecisionSettings(32),
    objective: DEFAULT_OBJECTIVE,
    data: toyDataset('moons'),
    points: [],
    bounds: { x0: -4, x1: 4, y0: -4, y1: 4 },
    dataInfo: '',
    drawing: { points: [], active: false, strokeEnd: undefined },
    model: undefined,
    snapshot: undefined,
    step: 0,
    losses: [],
    stepsPerSecond: 0,
    samples: null,
    sampleNfe: 0,
    sampleSeconds: 0,
    density: null,
    trajectories: null,
    sampleInfo: '',
    toleranceNote: '',
    status: 'Starting…',
    error: null,
    numTensors: 0,
  };
}
