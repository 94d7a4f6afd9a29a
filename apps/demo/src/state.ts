import { type Adam, type Dataset, type MlpVectorField, type ObjectiveName, toyDataset } from '@gen/train';
import type { ModelSnapshot } from './snapshot';

/** A square view of the plots in data coordinates: x from x0 to x1, y from y0 (bottom) to y1 (top). */
export interface Bounds {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** State exposed for the browser test and the console (`window.__demo`). */
export interface DemoState {
  ready: boolean;
  busy: boolean;
  backend: string;
  step: number;
  losses: number[];
  stepsPerSecond: number;
  dataName: string;
  data: number[][];
  /** The view of the scatter plot and the density grid (what `toCanvas` maps to the canvas). */
  bounds: Bounds;
  samples: number[][] | null;
  sampleNfe: number;
  sampleSeconds: number;
  density: number[] | null;
  /** The objective the current model was trained with (or loaded with); null without a model. */
  modelObjective: ObjectiveName | null;
  /** Trajectory frames drawn by the last animation. */
  trajectoryFrames: number;
  error: string | null;
  status: string;
  /** `tf.memory().numTensors` after the last action. */
  numTensors: number;
}

declare global {
  interface Window {
    __demo: DemoState;
  }
}

export const state: DemoState = {
  ready: false,
  busy: false,
  backend: '',
  step: 0,
  losses: [],
  stepsPerSecond: 0,
  dataName: '',
  data: [],
  bounds: { x0: -4, x1: 4, y0: -4, y1: 4 },
  samples: null,
  sampleNfe: 0,
  sampleSeconds: 0,
  density: null,
  modelObjective: null,
  trajectoryFrames: 0,
  error: null,
  status: '',
  numTensors: 0,
};
window.__demo = state;

/** The app's internal state that is not exposed on `window.__demo`. */
export const session: {
  data: Dataset;
  model: MlpVectorField | undefined;
  adam: Adam | undefined;
  /** The last host copy of the model and its training state (kept across a lost WebGL context). */
  snapshot: ModelSnapshot | undefined;
  stopRequested: boolean;
} = {
  data: toyDataset('moons'),
  model: undefined,
  adam: undefined,
  snapshot: undefined,
  stopRequested: false,
};
